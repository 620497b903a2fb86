import { enumOr, optionalEnum, optionalText, searchParams } from '../../../../lib/search.ts';

/** The connected-members list as it lives in the URL (?kind&q&status); bad values are dropped. */
export const linksSearchSchema = searchParams({
  kind: enumOr(['LINE', 'WORKS'], 'LINE'),
  q: optionalText(100),
  status: optionalEnum(['PENDING', 'AVAILABLE', 'FAILED', 'RETRY']),
});

export type LinksSearch = ReturnType<typeof linksSearchSchema>;
