import { createFileRoute } from '@tanstack/react-router';
import { loadMessages } from '../i18n/i18n.ts';
import { ContactCardQuery, ContactPage, contactVariables } from './-components/ContactPage.tsx';

// Public: what a member's contact URL (QR code) opens for a person outside the company. No sign-in.
export const Route = createFileRoute('/contact/$kind/$lwDomainId/$talkId')({
  loader: async ({ context, params }) => {
    const variables = contactVariables(params);
    await Promise.all([
      // Its words are with the external-messaging messages.
      loadMessages('external'),
      variables ? context.graphql.current().query(ContactCardQuery, variables).toPromise() : null,
    ]);
  },
  component: ContactRoute,
});

function ContactRoute() {
  return <ContactPage params={Route.useParams()} />;
}
