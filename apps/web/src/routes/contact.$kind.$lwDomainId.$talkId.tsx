import { createFileRoute } from '@tanstack/react-router';
import { ContactCardQuery, ContactPage, contactVariables } from './-components/ContactPage.tsx';

// Public: what a member's contact URL (QR code) opens for a person outside the company. No sign-in.
export const Route = createFileRoute('/contact/$kind/$lwDomainId/$talkId')({
  loader: async ({ context, params }) => {
    const variables = contactVariables(params);
    if (variables) await context.graphql.current().query(ContactCardQuery, variables).toPromise();
  },
  component: ContactRoute,
});

function ContactRoute() {
  return <ContactPage params={Route.useParams()} />;
}
