/** A page that is one card centred on the screen (sign-in, invitation, password reset, first clinic). */
import { Center, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

/** `width`: the card's largest width in px (it takes the whole width below that, e.g. on a 360 px phone). */
export function CardPage({ width, children }: { width: number; children: ReactNode }) {
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={width}>
        {children}
      </Paper>
    </Center>
  );
}
