import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  RATING_COMMENT_MAX,
  type TicketRatingValue,
  ticketRatingValues,
} from '../../../shared/schemas/ratings.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { SubmitError } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useRateTicket, useTicketRating } from './api.ts';

const FINISHED = new Set(['resolved', 'closed']);

/**
 * "How did we do?" on a resolved or closed ticket (issue 14): its requester rates it good or bad with an
 * optional comment, once; then the rating shows read-only. The email's Good and Bad links open the page
 * with `?rate=good` or `?rate=bad`, which preselects the choice (nothing is sent until the contact does).
 */
export function RatingCard({ ticket }: { ticket: TicketDetail }) {
  const finished = FINISHED.has(ticket.status);
  const query = useTicketRating(ticket.id, finished);
  if (!finished || !query.data) return null;
  const { rating, canRate } = query.data;
  if (rating) return <GivenRating rating={rating} />;
  if (!canRate) return null;
  return <RatingForm ticketId={ticket.id} />;
}

function GivenRating({
  rating,
}: {
  rating: { rating: TicketRatingValue; comment: string | null; ratedAt: string; ratedByName: string | null };
}) {
  const { t: tr } = useTranslation();
  const format = useFormat();
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="ticket-rating"
      data-testid="ticket-rating"
    >
      <Stack gap="xs">
        <Title order={2} size="h4" id="ticket-rating">
          {tr('portalApp:rating.given')}
        </Title>
        <Group gap="xs">
          <Badge
            color={rating.rating === 'good' ? 'green' : 'red'}
            variant="light"
            styles={{ label: { textTransform: 'none' } }}
            data-testid="ticket-rating-value"
          >
            {rating.rating === 'good' ? tr('portalApp:rating.good') : tr('portalApp:rating.bad')}
          </Badge>
          <Text size="sm" c="dimmed">
            {rating.ratedByName
              ? tr('portalApp:rating.ratedBy', {
                  name: rating.ratedByName,
                  when: format.dateTime(rating.ratedAt),
                })
              : tr('portalApp:rating.ratedOn', { when: format.dateTime(rating.ratedAt) })}
          </Text>
        </Group>
        {rating.comment ? (
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {rating.comment}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

function RatingForm({ ticketId }: { ticketId: number }) {
  const { t: tr } = useTranslation();
  const [params] = useSearchParams();
  const preset = params.get('rate');
  const [choice, setChoice] = useState<TicketRatingValue | null>(
    ticketRatingValues.find((v) => v === preset) ?? null,
  );
  const [comment, setComment] = useState('');
  const rate = useSubmitOnce(useRateTicket(ticketId));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    const text = comment.trim();
    rate.mutate(text ? { rating: choice, comment: text } : { rating: choice });
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-rate" data-testid="ticket-rate">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="ticket-rate">
            {tr('portalApp:rating.title')}
          </Title>
          <Text size="sm">{tr('portalApp:rating.intro')}</Text>
          <Group gap="sm" role="group" aria-label={tr('portalApp:rating.title')}>
            {ticketRatingValues.map((value) => (
              <Button
                key={value}
                type="button"
                variant={choice === value ? 'filled' : 'default'}
                color={value === 'good' ? 'green' : 'red'}
                aria-pressed={choice === value}
                leftSection={choice === value ? <span aria-hidden="true">✓</span> : null}
                onClick={() => setChoice(value)}
                data-testid={`ticket-rate-${value}`}
              >
                {value === 'good' ? tr('portalApp:rating.good') : tr('portalApp:rating.bad')}
              </Button>
            ))}
          </Group>
          <Textarea
            label={tr('portalApp:rating.commentLabel')}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            maxLength={RATING_COMMENT_MAX}
            autosize
            minRows={2}
            maxRows={8}
            data-testid="ticket-rate-comment"
          />
          {rate.error ? <SubmitError title={tr('portalApp:rating.notSent')} error={rate.error} /> : null}
          <Group>
            <Button type="submit" disabled={!choice} loading={rate.isPending} data-testid="ticket-rate-send">
              {tr('portalApp:rating.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
