import { Group, Image, Text } from '@mantine/core';

/** The organisation's logo when it has one, otherwise its name in the primary colour. */
export function BrandMark({
  name,
  logoUrl,
  height = 32,
}: {
  name: string;
  logoUrl: string | null;
  height?: number;
}) {
  if (logoUrl) {
    return (
      <Group gap="xs" wrap="nowrap" data-testid="brand-mark">
        <Image src={logoUrl} alt={name} h={height} w="auto" maw={{ base: 120, xs: 180 }} fit="contain" />
      </Group>
    );
  }
  return (
    <Text
      component="span"
      fw={700}
      size="lg"
      c="brand"
      truncate="end"
      display="block"
      maw={{ base: 170, xs: 220, sm: 360 }}
      data-testid="brand-mark"
      dir="auto"
    >
      {name}
    </Text>
  );
}
