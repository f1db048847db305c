import { Button, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DateFormat, formatDate } from '../../../shared/format/format.ts';
import { PSEUDO_LANGUAGE } from '../../../shared/i18n/languages.ts';
import type { PersonLocale, PersonLocalePatch, ProfileLocale } from '../../../shared/schemas/locale.ts';
import { ApiError } from '../../api/client.ts';
import { useProfileLocale, useSetProfileLocale } from '../../api/profile.ts';
import { useServerText } from '../i18n/server-text.ts';
import { renderDataOption, renderLanguageOption } from '../language-option.tsx';
import { ErrorState, SubmitError } from '../states.tsx';
import { AccountSection } from './section.tsx';

/** The value of the "as my client / organisation" choice in each picker (a Select needs a string). */
const INHERIT = 'inherit';

const timeZones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/**
 * Language, time zone and date format: the person's own, or "as my client" (contacts) / "as the
 * organisation" (staff), which shows what that gives today. Saved with PUT /profile/locale; a new language
 * applies at once, without a reload (the app's provider reads the same query).
 */
export function LocaleSection() {
  const { t } = useTranslation();
  const locale = useProfileLocale();
  return (
    <AccountSection
      id="profile-locale"
      title={t('ui:profile.locale.title')}
      description={t('ui:profile.locale.description')}
    >
      {locale.data ? (
        <LocaleForm current={locale.data} />
      ) : locale.isError ? (
        <ErrorState error={locale.error} onRetry={() => void locale.refetch()} />
      ) : (
        <Skeleton height={180} />
      )}
    </AccountSection>
  );
}

function LocaleForm({ current }: { current: ProfileLocale }) {
  const { t } = useTranslation();
  const serverText = useServerText();
  const save = useSetProfileLocale();
  const [values, setValues] = useState<PersonLocale>(current.own);
  const [saved, setSaved] = useState(false);
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const fromClient = current.inheritsFrom === 'client';
  const sample = useMemo(() => new Date(), []);

  const inheritLabel = (value: string) =>
    fromClient
      ? t('ui:profile.locale.asClient', { value })
      : t('ui:profile.locale.asOrganisation', { value });
  const languageLabel = (code: string) => current.languages.find((l) => l.code === code)?.label ?? code;
  const dateSample = (format: DateFormat) =>
    formatDate(sample, { language: current.effective.language, timeZone: 'UTC', dateFormat: format });

  const languageData = [
    { value: INHERIT, label: inheritLabel(languageLabel(current.inherited.language)) },
    ...current.languages
      .filter((l) => l.code !== PSEUDO_LANGUAGE || current.own.language === PSEUDO_LANGUAGE)
      .map((l) => ({ value: l.code, label: l.label })),
  ];
  const zoneData = [
    { value: INHERIT, label: inheritLabel(current.inherited.timeZone) },
    ...timeZones.map((zone) => ({ value: zone, label: zone })),
  ];
  const formatData = [
    {
      value: INHERIT,
      label: inheritLabel(
        t('ui:profile.locale.dateFormatOption', {
          format: current.inherited.dateFormat,
          example: dateSample(current.inherited.dateFormat),
        }),
      ),
    },
    ...(current.dateFormats as DateFormat[]).map((format) => ({
      value: format,
      label: t('ui:profile.locale.dateFormatOption', { format, example: dateSample(format) }),
    })),
  ];

  const dirty =
    values.language !== current.own.language ||
    values.timeZone !== current.own.timeZone ||
    values.dateFormat !== current.own.dateFormat;
  const set = (patch: Partial<PersonLocale>) => {
    setValues((v) => ({ ...v, ...patch }));
    setSaved(false);
  };
  const fromSelect = (value: string | null) => (value === null || value === INHERIT ? null : value);

  return (
    <form
      aria-label={t('ui:profile.locale.title')}
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        const patch: PersonLocalePatch = {};
        if (values.language !== current.own.language) patch.language = values.language;
        if (values.timeZone !== current.own.timeZone) patch.timeZone = values.timeZone;
        if (values.dateFormat !== current.own.dateFormat) patch.dateFormat = values.dateFormat;
        save.mutate(patch, { onSuccess: () => setSaved(true) });
      }}
    >
      <Stack gap="md">
        <Select
          label={t('ui:profile.locale.language')}
          data={languageData}
          value={values.language ?? INHERIT}
          onChange={(v) => set({ language: fromSelect(v) as PersonLocale['language'] })}
          allowDeselect={false}
          error={fields.language ? serverText(fields.language) : undefined}
          data-testid="profile-language"
          renderOption={renderLanguageOption}
        />
        <Select
          label={t('ui:profile.locale.timeZone')}
          description={t('ui:profile.locale.timeZoneHint')}
          data={zoneData}
          value={values.timeZone ?? INHERIT}
          onChange={(v) => set({ timeZone: fromSelect(v) })}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t('ui:profile.locale.noTimeZone')}
          maxDropdownHeight={280}
          // A zone's IANA name is the same in every language: it reads left to right in any layout.
          renderOption={({ option }) =>
            option.value === INHERIT ? option.label : renderDataOption({ option })
          }
          error={fields.timeZone ? serverText(fields.timeZone) : undefined}
          data-testid="profile-time-zone"
        />
        <Select
          label={t('ui:profile.locale.dateFormat')}
          data={formatData}
          value={values.dateFormat ?? INHERIT}
          onChange={(v) => set({ dateFormat: fromSelect(v) as PersonLocale['dateFormat'] })}
          allowDeselect={false}
          error={fields.dateFormat ? serverText(fields.dateFormat) : undefined}
          data-testid="profile-date-format"
        />
        {save.isError ? (
          <SubmitError title={t('ui:common.notSaved')} error={save.error} testId="profile-locale-error" />
        ) : null}
        <Group gap="sm">
          <Button type="submit" disabled={!dirty} loading={save.isPending} data-testid="profile-locale-save">
            {t('ui:profile.locale.save')}
          </Button>
          {saved ? (
            <Text size="sm" c="green" role="status" data-testid="profile-locale-saved">
              {t('ui:common.saved')}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
