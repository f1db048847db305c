import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { fetchTicketRating, ratingKey } from '../../api/ratings.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';

/** The requester's rating of a resolved or closed ticket (issue 14), with their comment. */
export function TicketRatingCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const finished = ticket.status === 'resolved' || ticket.status === 'closed';
  const query = useQuery({
    queryKey: ratingKey(ticket.id),
    queryFn: ({ signal }) => fetchTicketRating(ticket.id, signal),
    enabled: finished,
  });
  if (!finished || !query.data) return null;
  const rating = query.data.rating;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="rating-heading"
      data-testid="ticket-rating"
    >
      <Title order={2} size="h4" id="rating-heading" mb="xs">
        {t('staffApp:tickets.rating.title')}
      </Title>
      {rating ? (
        <Stack gap={6}>
          <Group gap="xs">
            <Badge
              color={rating.rating === 'good' ? 'green' : 'red'}
              variant="light"
              styles={{ label: { textTransform: 'none' } }}
              data-testid="ticket-rating-value"
            >
              {rating.rating === 'good'
                ? t('staffApp:tickets.rating.good')
                : t('staffApp:tickets.rating.bad')}
            </Badge>
            <Text size="sm" c="dimmed">
              <time dateTime={rating.ratedAt}>{format.dateTime(rating.ratedAt)}</time>
            </Text>
          </Group>
          {rating.ratedByName ? (
            <Text size="sm">
              {t('staffApp:tickets.rating.by')} <span dir="auto">{rating.ratedByName}</span>
            </Text>
          ) : null}
          {rating.comment ? (
            <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {rating.comment}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('staffApp:tickets.rating.none')}
        </Text>
      )}
    </Card>
  );
}
