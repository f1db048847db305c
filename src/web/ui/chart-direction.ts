import type { BarChartProps } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../../shared/i18n/languages.ts';

type AxisProps = Pick<BarChartProps, 'xAxisProps' | 'yAxisProps' | 'legendProps' | 'tooltipProps'>;

/**
 * A chart's axes read in the page's direction. Recharts draws in SVG coordinates, left to right,
 * whatever the page's `dir` (Mantine's charts set `dir="ltr"` on their root for that reason), so a
 * right-to-left page mirrors the axes itself: the category (time) axis is `reversed` (the first month
 * at the right, the latest at the left) and the value axis stands at the right, its labels moved
 * outwards from it as Mantine does on the left. The legend and the tooltip are HTML: they are given the
 * page's direction back, so their entries read from the right. `yAxisProps` are the chart's own, kept.
 */
export function mirroredAxes(
  dir: 'ltr' | 'rtl',
  own: { xAxisProps?: BarChartProps['xAxisProps']; yAxisProps?: BarChartProps['yAxisProps'] } = {},
): AxisProps {
  if (dir === 'ltr') return own;
  return {
    xAxisProps: { ...own.xAxisProps, reversed: true },
    yAxisProps: {
      ...own.yAxisProps,
      orientation: 'right',
      tick: { transform: 'translate(10, 0)', fontSize: 12, fill: 'currentColor' },
    },
    legendProps: { wrapperStyle: { direction: 'rtl' } },
    tooltipProps: { wrapperStyle: { direction: 'rtl' } },
  };
}

/** `mirroredAxes` for the page's language. */
export function useMirroredAxes(own?: Parameters<typeof mirroredAxes>[1]): AxisProps {
  const { i18n } = useTranslation();
  return mirroredAxes(directionOf(i18n.language), own);
}
