import { Client, type DocumentInput, fetchExchange, gql } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { graphcache } from './client.ts';

type Variables = Record<string, unknown>;
type Responder = (variables: Variables) => unknown;

/**
 * A client with the app's real graphcache in front of a fake server: `responses` answers each
 * operation by name, and `requests` records which operations reached the server.
 */
function clientWith(responses: Record<string, Responder>) {
  const requests: string[] = [];
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Variables };
    requests.push(body.operationName);
    const respond = responses[body.operationName];
    if (!respond) throw new Error(`no response for ${body.operationName}`);
    return Response.json({ data: respond(body.variables ?? {}) });
  };
  const client = new Client({ url: 'http://localhost/graphql', fetch, preferGetMethod: false, exchanges: [graphcache(), fetchExchange] });
  /** Runs an operation the way a page does (cache first), and says whether it went to the server. */
  async function fetched(document: DocumentInput, variables: Variables = {}): Promise<boolean> {
    const before = requests.length;
    const result = await client.query(document, variables).toPromise();
    if (result.error) throw result.error;
    return requests.length > before;
  }
  async function mutate(document: DocumentInput, variables: Variables = {}): Promise<void> {
    const result = await client.mutation(document, variables).toPromise();
    if (result.error) throw result.error;
  }
  return { fetched, mutate, requests };
}

const success = (typename: string, fields: object) => ({ __typename: typename, ...fields });
const deleted = (typename: string, id: string) => success(typename, { result: { __typename: 'Deleted', deletedId: id } });
const validationError = { __typename: 'ValidationError', code: 'VALIDATION', message: 'Invalid', fieldErrors: [] };

const Members = gql`
  query Members {
    members(first: 20) { totalCount edges { node { id familyName } } }
  }
`;
const members = () => ({
  members: {
    __typename: 'QueryMembersConnection',
    totalCount: 1,
    edges: [{ __typename: 'QueryMembersConnectionEdge', node: { __typename: 'Member', id: 'M1', familyName: 'Sato' } }],
  },
});

const Member = gql`
  query Member($id: ID!) {
    member(id: $id) { id familyName }
  }
`;
const member = ({ id }: Variables) => ({ member: { __typename: 'Member', id, familyName: 'Sato' } });

const CreateMember = gql`
  mutation CreateMember($input: MutationCreateMemberInput!) {
    createMember(input: $input) {
      __typename
      ... on MutationCreateMemberSuccess { member { id familyName } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path code message } }
    }
  }
`;
const createdMember = () => ({
  createMember: success('MutationCreateMemberSuccess', { member: { __typename: 'Member', id: 'M2', familyName: 'Ito' } }),
});

const DeleteMember = gql`
  mutation DeleteMember($input: MutationDeleteMemberInput!) {
    deleteMember(input: $input) { __typename ... on MutationDeleteMemberSuccess { result { deletedId } } }
  }
`;

const Domains = gql`
  query Domains {
    domains { id name memberCount }
  }
`;
const domains = () => ({ domains: [{ __typename: 'Domain', id: 'D1', name: 'sales', memberCount: 3 }] });
const DeleteDomain = gql`
  mutation DeleteDomain($input: MutationDeleteDomainInput!) {
    deleteDomain(input: $input) { __typename ... on MutationDeleteDomainSuccess { result { deletedId } } }
  }
`;

const Admins = gql`
  query Admins {
    admins { id name }
  }
`;
const admins = () => ({ admins: [{ __typename: 'Admin', id: 'A1', name: 'Owner' }] });
const CreateAdmin = gql`
  mutation CreateAdmin($input: MutationCreateAdminInput!) {
    createAdmin(input: $input) { __typename ... on MutationCreateAdminSuccess { admin { id name } } }
  }
`;
const DeleteAdmin = gql`
  mutation DeleteAdmin($input: MutationDeleteAdminInput!) {
    deleteAdmin(input: $input) { __typename ... on MutationDeleteAdminSuccess { result { deletedId } } }
  }
`;

const Bots = gql`
  query Bots {
    bots(first: 20) { totalCount edges { node { id name } } }
    botQuota { used limit }
  }
`;
const bots = () => ({
  bots: {
    __typename: 'QueryBotsConnection',
    totalCount: 1,
    edges: [{ __typename: 'QueryBotsConnectionEdge', node: { __typename: 'Bot', id: 'B1', name: 'Helper' } }],
  },
  botQuota: { __typename: 'BotQuota', used: 1, limit: 5 },
});
const DeleteBot = gql`
  mutation DeleteBot($input: MutationDeleteBotInput!) {
    deleteBot(input: $input) { __typename ... on MutationDeleteBotSuccess { result { deletedId } } }
  }
`;

const Viewer = gql`
  query Viewer {
    viewer { admin { id name } }
  }
`;
const viewer = () => ({ viewer: { __typename: 'Viewer', admin: { __typename: 'Admin', id: 'A1', name: 'Owner' } } });
const Login = gql`
  mutation Login($input: LoginInput!) {
    login(input: $input) { __typename ... on MutationLoginSuccess { viewer { admin { id name } } } ... on Error { code message } }
  }
`;

const Room = gql`
  query Room($id: ID!) {
    node(id: $id) { id ... on ExternalRoom { messages { id text } } }
  }
`;
const room = ({ id }: Variables) => ({
  node: { __typename: 'ExternalRoom', id, messages: [{ __typename: 'ExternalMessage', id: `${String(id)}-1`, text: 'Hello' }] },
});
const PostExternalMessage = gql`
  mutation PostExternalMessage($input: MutationPostExternalMessageInput!) {
    postExternalMessage(input: $input) { __typename ... on MutationPostExternalMessageSuccess { posted { id text } } }
  }
`;

const LinkCounts = gql`
  query LinkCounts {
    externalLinkCounts(kind: EXTERNAL) { total available }
  }
`;
const linkCounts = () => ({ externalLinkCounts: { __typename: 'ExternalLinkCounts', total: 1, available: 1 } });
const AddExternalLinks = gql`
  mutation AddExternalLinks($input: MutationAddExternalLinksInput!) {
    addExternalLinks(input: $input) { __typename ... on MutationAddExternalLinksSuccess { result { added alreadyConnected } } }
  }
`;

describe('graphcache', () => {
  it('answers a repeated query from the cache', async () => {
    const { fetched, requests } = clientWith({ Members: members });
    expect(await fetched(Members)).toBe(true);
    expect(await fetched(Members)).toBe(false);
    expect(requests).toEqual(['Members']);
  });

  it('refetches the member list after a member is created, not after a refused create', async () => {
    let outcome: Responder = () => ({ createMember: validationError });
    const { fetched, mutate } = clientWith({ Members: members, CreateMember: (variables) => outcome(variables) });
    await fetched(Members);
    await mutate(CreateMember, { input: { loginId: 'ito' } });
    expect(await fetched(Members)).toBe(false);

    outcome = createdMember;
    await mutate(CreateMember, { input: { loginId: 'ito' } });
    expect(await fetched(Members)).toBe(true);
  });

  it('drops a deleted member and refetches the lists', async () => {
    const { fetched, mutate } = clientWith({
      Members: members,
      Member: member,
      DeleteMember: () => ({ deleteMember: deleted('MutationDeleteMemberSuccess', 'M1') }),
    });
    await fetched(Members);
    await fetched(Member, { id: 'M1' });
    await fetched(Member, { id: 'M9' });
    await mutate(DeleteMember, { input: { id: 'M1' } });
    expect(await fetched(Member, { id: 'M1' })).toBe(true);
    // Other members' records stay.
    expect(await fetched(Member, { id: 'M9' })).toBe(false);
    expect(await fetched(Members)).toBe(true);
  });

  it('refetches the domain list after a domain is deleted', async () => {
    const { fetched, mutate } = clientWith({
      Domains: domains,
      Admins: admins,
      DeleteDomain: () => ({ deleteDomain: deleted('MutationDeleteDomainSuccess', 'D1') }),
    });
    await fetched(Domains);
    await fetched(Admins);
    await mutate(DeleteDomain, { input: { id: 'D1' } });
    expect(await fetched(Domains)).toBe(true);
    expect(await fetched(Admins)).toBe(false);
  });

  it('refetches the admin list after an admin is created or deleted', async () => {
    const { fetched, mutate } = clientWith({
      Admins: admins,
      Members: members,
      CreateAdmin: () => ({ createAdmin: success('MutationCreateAdminSuccess', { admin: { __typename: 'Admin', id: 'A2', name: 'New' } }) }),
      DeleteAdmin: () => ({ deleteAdmin: deleted('MutationDeleteAdminSuccess', 'A2') }),
    });
    await fetched(Admins);
    await fetched(Members);
    await mutate(CreateAdmin, { input: { email: 'new@example.com' } });
    expect(await fetched(Admins)).toBe(true);
    await mutate(DeleteAdmin, { input: { id: 'A2' } });
    expect(await fetched(Admins)).toBe(true);
    expect(await fetched(Members)).toBe(false);
  });

  it('refetches the bot list and the quota after a bot is deleted', async () => {
    const { fetched, mutate } = clientWith({ Bots: bots, DeleteBot: () => ({ deleteBot: deleted('MutationDeleteBotSuccess', 'B1') }) });
    await fetched(Bots);
    await mutate(DeleteBot, { input: { id: 'B1' } });
    expect(await fetched(Bots)).toBe(true);
  });

  it('refetches the viewer after a login', async () => {
    const { fetched, mutate } = clientWith({ Viewer: viewer, Login: () => ({ login: success('MutationLoginSuccess', viewer()) }) });
    await fetched(Viewer);
    await mutate(Login, { input: { email: 'owner@example.com', password: 'secret' } });
    expect(await fetched(Viewer)).toBe(true);
  });

  it('refetches only the room a message was posted to', async () => {
    const { fetched, mutate } = clientWith({
      Room: room,
      PostExternalMessage: () => ({
        postExternalMessage: success('MutationPostExternalMessageSuccess', { posted: { __typename: 'ExternalMessage', id: 'R1-2', text: 'Hi' } }),
      }),
    });
    await fetched(Room, { id: 'R1' });
    await fetched(Room, { id: 'R2' });
    await mutate(PostExternalMessage, { input: { roomId: 'R1', text: 'Hi' } });
    expect(await fetched(Room, { id: 'R1' })).toBe(true);
    expect(await fetched(Room, { id: 'R2' })).toBe(false);
  });

  it('refetches connected-member counts and members after links are added', async () => {
    const { fetched, mutate } = clientWith({
      LinkCounts: linkCounts,
      Member: member,
      AddExternalLinks: () => ({ addExternalLinks: success('MutationAddExternalLinksSuccess', { result: { __typename: 'ExternalLinksAdded', added: 1, alreadyConnected: 0 } }) }),
    });
    await fetched(LinkCounts);
    await fetched(Member, { id: 'M1' });
    await mutate(AddExternalLinks, { input: { kind: 'EXTERNAL', memberIds: ['M1'] } });
    expect(await fetched(LinkCounts)).toBe(true);
    expect(await fetched(Member, { id: 'M1' })).toBe(true);
  });
});
