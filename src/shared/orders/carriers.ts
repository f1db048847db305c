/**
 * The carriers whose tracking pages we can link to, and how (issue 15, point 4). A carrier is typed by
 * staff as free text; when its name matches one of these (letters and digits only, any case: "UPS",
 * "Royal Mail", "royalmail"), the order's tracking number gets a link to the carrier's own tracking
 * page. Any other carrier shows the number without a link. `{n}` is the tracking number, URL-encoded.
 */
export const knownCarriers = [
  { id: 'ups', name: 'UPS', url: 'https://www.ups.com/track?tracknum={n}' },
  { id: 'fedex', name: 'FedEx', url: 'https://www.fedex.com/fedextrack/?trknbr={n}' },
  { id: 'dhl', name: 'DHL', url: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}' },
  { id: 'usps', name: 'USPS', url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={n}' },
  {
    id: 'royalmail',
    name: 'Royal Mail',
    url: 'https://www.royalmail.com/track-your-item#/tracking-results/{n}',
  },
  { id: 'dpd', name: 'DPD', url: 'https://track.dpdlocal.co.uk/search?reference={n}' },
  { id: 'parcelforce', name: 'Parcelforce', url: 'https://www.parcelforce.com/track-trace?trackNumber={n}' },
  { id: 'gls', name: 'GLS', url: 'https://gls-group.com/track/{n}' },
  {
    id: 'dhlde',
    name: 'DHL Paket',
    url: 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={n}',
  },
  { id: 'inpost', name: 'InPost', url: 'https://inpost.pl/sledzenie-przesylek?number={n}' },
  { id: 'laposte', name: 'La Poste', url: 'https://www.laposte.fr/outils/suivre-vos-envois?code={n}' },
  {
    id: 'correos',
    name: 'Correos',
    url: 'https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={n}',
  },
] as const;

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The carrier's tracking page for this number, or null when the carrier is not one we know. */
export function trackingUrl(carrier: string | null, trackingNumber: string | null): string | null {
  if (!carrier || !trackingNumber) return null;
  const wanted = key(carrier);
  const known = knownCarriers.find((c) => c.id === wanted || key(c.name) === wanted);
  return known ? known.url.replace('{n}', encodeURIComponent(trackingNumber.trim())) : null;
}
