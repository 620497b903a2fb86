import { graphql } from './graphql.ts';

/**
 * The error members of a mutation's result union, as `settle` (outcome.ts) reads them. Unmasked so
 * the fields stay on the result: spread it as `...MutationError` and list it in the document's fragments.
 */
export const MutationErrorFragment = graphql(
  `
    fragment MutationError on Error @_unmask {
      __typename
      code
      message
      ... on ValidationError {
        fieldErrors {
          path
          code
          message
        }
      }
    }
  `,
  [],
);
