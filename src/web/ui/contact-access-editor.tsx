import { Checkbox, Fieldset, Group, List, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type ContactPermission,
  type ContactPreset,
  type ContactSwitch,
  type ContactSwitches,
  contactPresets,
  contactSwitches,
  effectivePermissions,
  presetPermissions,
} from '../../shared/permissions.ts';
import { accessSummary, presetLabels, switchLabels } from './access-words.ts';

export interface ContactAccess {
  presets: ContactPreset[];
  switches: ContactSwitches;
}

export const presetDescriptions = {
  primary: 'ui:access.presetHint.primary',
  billing: 'ui:access.presetHint.billing',
  technical: 'ui:access.presetHint.technical',
  standard: 'ui:access.presetHint.standard',
  'read-only': 'ui:access.presetHint.readOnly',
} as const satisfies Record<ContactPreset, string>;

const switchNames = Object.keys(contactSwitches) as ContactSwitch[];

// A broader permission covers a narrower one (the server judges the same way).
const coveredBy: Partial<Record<ContactPermission, ContactPermission>> = {
  'tickets:view-own': 'tickets:view-company',
  'assets:view-assigned': 'assets:view',
  'contacts:view': 'contacts:manage',
};

/** True when someone holding `held` may hand out every permission in `wanted`. */
export function canGrant(
  held: ReadonlySet<ContactPermission>,
  wanted: readonly ContactPermission[],
): boolean {
  return wanted.every((p) => {
    const broader = coveredBy[p];
    return held.has(p) || (broader !== undefined && held.has(broader));
  });
}

type SwitchChoice = 'preset' | 'allow' | 'deny';

function choiceOf(value: boolean | undefined): SwitchChoice {
  return value === true ? 'allow' : value === false ? 'deny' : 'preset';
}

/**
 * Presets (which combine) plus per-person switches, with the resulting access spelled out. With
 * `grantable`, choices that would hand out access outside that set are disabled (a colleague can give
 * only what they hold).
 */
export function ContactAccessEditor({
  value,
  onChange,
  grantable,
  disabled,
  error,
}: {
  value: ContactAccess;
  onChange: (next: ContactAccess) => void;
  grantable?: ReadonlySet<ContactPermission>;
  disabled?: boolean;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const effective = effectivePermissions(value.presets, value.switches);
  const summary = accessSummary(effective);

  const setSwitch = (name: ContactSwitch, choice: SwitchChoice) => {
    const next: ContactSwitches = { ...value.switches };
    if (choice === 'preset') delete next[name];
    else next[name] = choice === 'allow';
    onChange({ presets: value.presets, switches: next });
  };

  return (
    <Stack gap="md">
      <Checkbox.Group
        label={t('ui:access.presets')}
        description={t('ui:access.presetsHint')}
        value={value.presets}
        onChange={(next) =>
          onChange({
            presets: contactPresets.filter((p) => next.includes(p)),
            switches: value.switches,
          })
        }
        error={error}
      >
        <Stack gap={6} mt="xs">
          {contactPresets.map((p) => {
            const allowed =
              !grantable || value.presets.includes(p) || canGrant(grantable, presetPermissions[p]);
            return (
              <Checkbox
                key={p}
                value={p}
                label={t(presetLabels[p])}
                description={
                  allowed
                    ? t(presetDescriptions[p])
                    : t('ui:access.notYours', { description: t(presetDescriptions[p]) })
                }
                disabled={disabled || !allowed}
                data-testid={`preset-${p}`}
              />
            );
          })}
        </Stack>
      </Checkbox.Group>

      <Fieldset legend={t('ui:access.switches')} variant="unstyled">
        <Text size="xs" c="dimmed" mb="xs">
          {t('ui:access.switchesHint')}
        </Text>
        <Stack gap="xs">
          {switchNames.map((name) => {
            const allowOk = !grantable || canGrant(grantable, [contactSwitches[name]]);
            return (
              <Radio.Group
                key={name}
                label={t(switchLabels[name])}
                value={choiceOf(value.switches[name])}
                onChange={(v) => setSwitch(name, v as SwitchChoice)}
              >
                <Group gap="md" mt={4}>
                  <Radio value="preset" label={t('ui:access.asPresets')} disabled={disabled} />
                  <Radio
                    value="allow"
                    label={t('ui:access.allow')}
                    disabled={disabled || (!allowOk && value.switches[name] !== true)}
                    data-testid={`switch-${name}-allow`}
                  />
                  <Radio
                    value="deny"
                    label={t('ui:access.deny')}
                    disabled={disabled}
                    data-testid={`switch-${name}-deny`}
                  />
                </Group>
              </Radio.Group>
            );
          })}
        </Stack>
      </Fieldset>

      <div data-testid="access-summary">
        <Text size="sm" fw={600}>
          {summary.length > 0 ? t('ui:access.theyCan') : t('ui:access.theyCanNothing')}
        </Text>
        {summary.length > 0 ? (
          <List size="sm" spacing={2} mt={4}>
            {summary.map((s) => (
              <List.Item key={s}>{s}</List.Item>
            ))}
          </List>
        ) : null}
      </div>
    </Stack>
  );
}
