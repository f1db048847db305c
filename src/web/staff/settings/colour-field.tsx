import { ColorPicker, ColorSwatch, Popover, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contrastingText, contrastRatio, parseHex } from '../../ui/palette.ts';

interface ColourFieldProps {
  label: string | undefined;
  description: string;
  value: string;
  onChange: (value: string) => void;
  swatches: string[];
  error?: string | undefined;
  disabled?: boolean;
  testId: string;
}

/**
 * A brand colour: typed as #rrggbb, or picked from the swatches or the picker (every part of which has a
 * name and works from the keyboard). Says which text colour buttons in it get, and how readable that is.
 */
export function ColourField({
  label,
  description,
  value,
  onChange,
  swatches,
  error,
  disabled,
  testId,
}: ColourFieldProps) {
  const { t } = useTranslation();
  const name = label ?? t('staffAdmin:settings.colour.colour');
  const [opened, setOpened] = useState(false);
  const valid = parseHex(value) !== null && value.startsWith('#');
  const text = valid ? contrastingText(value) : null;
  return (
    <div>
      <Popover
        opened={opened && !disabled}
        onChange={setOpened}
        position="bottom-start"
        shadow="md"
        // A text field (the colour is typed) with a picker beside it, not a menu button: no popup roles.
        withRoles={false}
      >
        <Popover.Target>
          <TextInput
            label={label}
            description={description}
            value={value}
            // A colour code reads left to right in either layout.
            dir="ltr"
            onChange={(e) => onChange(e.currentTarget.value.trim())}
            onClick={() => setOpened(true)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setOpened(false);
              if (e.key === 'ArrowDown') setOpened(true);
            }}
            leftSection={<ColorSwatch color={valid ? value : 'transparent'} size={18} aria-hidden="true" />}
            error={error}
            disabled={disabled}
            maxLength={7}
            // A hex colour's format fixes its length: no character counter (see ui/limited-field.tsx).
            data-fixed-format=""
            spellCheck={false}
            autoComplete="off"
            data-testid={testId}
          />
        </Popover.Target>
        <Popover.Dropdown data-testid={`${testId}-picker`}>
          <ColorPicker
            format="hex"
            value={valid ? value : '#000000'}
            onChange={onChange}
            swatches={swatches}
            swatchesPerRow={8}
            saturationLabel={t('staffAdmin:settings.colour.saturation', { name })}
            hueLabel={t('staffAdmin:settings.colour.hue', { name })}
          />
        </Popover.Dropdown>
      </Popover>
      {text ? (
        <Text size="xs" c="dimmed" mt={4} data-testid={`${testId}-contrast`}>
          {text === '#ffffff'
            ? t('staffAdmin:settings.colour.textWhite', { ratio: contrastRatio(text, value).toFixed(1) })
            : t('staffAdmin:settings.colour.textBlack', { ratio: contrastRatio(text, value).toFixed(1) })}
        </Text>
      ) : null}
    </div>
  );
}
