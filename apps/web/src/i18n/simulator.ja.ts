// Texts of the external-messaging simulator, the public contact page and the member share card.
export const simulatorJa = {
  title: 'シミュレーター',
};
