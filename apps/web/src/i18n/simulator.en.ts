import type { simulatorJa } from './simulator.ja.ts';

export const simulatorEn: typeof simulatorJa = {
  title: 'Simulator',
};
