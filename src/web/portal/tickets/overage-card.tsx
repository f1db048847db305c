import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OVERAGE_COMMENT_MAX, type OverageRequest } from '../../../shared/schemas/overage.ts';
import { ApiError } from '../../api/client.ts';
import { type BoundFormat, useFormat } from '../../ui/i18n/use-format.ts';
import { SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useDecideOverage, useTicketOverage } from './api.ts';

function hoursText(format: BoundFormat, minutes: number): string {
  return format.number(minutes / 60, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
}

function question(
  t: (key: string, params?: Record<string, unknown>) => string,
  format: BoundFormat,
  r: OverageRequest,
) {
  const hours = hoursText(format, r.extraMinutes);
  return r.rateMinor !== null && r.currency
    ? t('portalApp:overage.question', { hours, rate: format.money(r.rateMinor, r.currency) })
    : t('portalApp:overage.questionNoRate', { hours });
}

/**
 * Consent before overage in the portal (issue 14, point 8): when the ticket asks to go past the hour
 * bank, contacts allowed to approve see "Approve up to N extra hours at R per hour?" with Approve and
 * Refuse (a comment is optional to approve, required to refuse); everyone else who sees the ticket sees
 * the question and, once answered, who answered and when.
 */
export function OverageCard({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useTicketOverage(ticketId);
  const state = query.data;
  const current = state?.current;
  if (!state || !current) return null;
  if (current.status === 'pending' && state.canDecide) {
    return <DecisionForm ticketId={ticketId} request={current} />;
  }
  const hours = hoursText(format, current.extraMinutes);
  const answered =
    current.status === 'approved'
      ? t('portalApp:overage.approvedBy', {
          name: current.decidedByName ?? '',
          when: format.dateTime(current.decidedAt ?? ''),
          hours,
        })
      : current.status === 'refused'
        ? t('portalApp:overage.refusedBy', {
            name: current.decidedByName ?? '',
            when: format.dateTime(current.decidedAt ?? ''),
            hours,
          })
        : null;
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="ticket-overage"
      data-testid="ticket-overage"
    >
      <Stack gap="xs">
        <Title order={2} size="h4" id="ticket-overage">
          {t('portalApp:overage.title')}
        </Title>
        {answered ? (
          <Alert
            color={current.status === 'approved' ? 'green' : 'red'}
            variant="light"
            data-testid="ticket-overage-answer"
            data-status={current.status}
          >
            <Text size="sm">{answered}</Text>
            {current.comment ? (
              <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {current.comment}
              </Text>
            ) : null}
          </Alert>
        ) : (
          <>
            <Text size="sm" fw={600}>
              {question(t, format, current)}
            </Text>
            <Text size="sm" c="dimmed" data-testid="ticket-overage-waiting">
              {t('portalApp:overage.waiting')}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}

function DecisionForm({ ticketId, request }: { ticketId: number; request: OverageRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [comment, setComment] = useState('');
  const decide = useSubmitOnce(useDecideOverage(ticketId, request.id));
  const send = (decision: 'approve' | 'refuse') => {
    const text = comment.trim();
    decide.mutate(text ? { decision, comment: text } : { decision });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send('approve');
  };
  const commentError = decide.error instanceof ApiError ? decide.error.fields.comment : undefined;
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="ticket-overage"
      data-testid="ticket-overage-decide"
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="ticket-overage">
            {t('portalApp:overage.title')}
          </Title>
          <Text size="sm">{t('portalApp:overage.intro')}</Text>
          <Text fw={600} data-testid="ticket-overage-question">
            {question(t, format, request)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('portalApp:overage.asked', { when: format.dateTime(request.requestedAt) })}
          </Text>
          <Textarea
            label={t('portalApp:overage.commentLabel')}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            maxLength={OVERAGE_COMMENT_MAX}
            autosize
            minRows={2}
            maxRows={6}
            error={commentError}
            data-testid="ticket-overage-comment"
          />
          {decide.error && !commentError ? (
            <SubmitError title={t('portalApp:overage.notSent')} error={decide.error} />
          ) : null}
          <Group gap="sm">
            <Button
              type="submit"
              color="green"
              loading={decide.isPending}
              data-testid="ticket-overage-approve"
            >
              {t('portalApp:overage.approve')}
            </Button>
            <Button
              type="button"
              variant="default"
              color="red"
              disabled={decide.isPending}
              onClick={() => send('refuse')}
              data-testid="ticket-overage-refuse"
            >
              {t('portalApp:overage.refuse')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
