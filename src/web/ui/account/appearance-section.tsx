import { Alert, SegmentedControl, Stack, Text, useMantineColorScheme } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type ColourScheme, colourSchemes } from '../../../shared/schemas/profile.ts';
import { errorMessage } from '../../api/client.ts';
import { useSetAppearance } from '../../api/profile.ts';
import { fromMantineScheme, toMantineScheme } from '../colour-scheme.ts';
import { AccountSection } from './section.tsx';

const labels = {
  system: 'ui:appearance.system',
  light: 'ui:appearance.light',
  dark: 'ui:appearance.dark',
} as const satisfies Record<ColourScheme, string>;

/**
 * Light, dark, or whatever the device is set to. The choice applies at once, is kept on the account (so
 * it follows the person to other devices) and in this browser (so the next load starts in it).
 */
export function AppearanceSection() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const save = useSetAppearance();
  const labelId = useId();
  const current = fromMantineScheme(colorScheme);

  const choose = (value: string) => {
    const next = value as ColourScheme;
    const previous = current;
    setColorScheme(toMantineScheme(next));
    save.mutate({ colourScheme: next }, { onError: () => setColorScheme(toMantineScheme(previous)) });
  };

  return (
    <AccountSection
      id="profile-appearance"
      title={t('ui:appearance.title')}
      description={t('ui:appearance.description')}
    >
      <Stack gap="xs">
        <Text size="sm" fw={500} id={labelId}>
          {t('ui:appearance.scheme')}
        </Text>
        <SegmentedControl
          aria-labelledby={labelId}
          value={current}
          onChange={choose}
          data={colourSchemes.map((value) => ({ value, label: t(labels[value]) }))}
          data-testid="profile-colour-scheme"
          style={{ alignSelf: 'flex-start' }}
        />
        {save.isError ? (
          <Alert color="red" title={t('ui:appearance.notSaved')} data-testid="profile-colour-scheme-error">
            {errorMessage(save.error)}
          </Alert>
        ) : null}
      </Stack>
    </AccountSection>
  );
}
