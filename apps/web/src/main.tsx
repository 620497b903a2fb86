import './i18n/i18n.ts';
import './styles.css';
import './styles/simulator.css';
import './styles/bots.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createGraphqlClientStore } from './graphql/client-store.ts';
import { createAppRouter } from './router.tsx';

const graphql = createGraphqlClientStore();
const router = createAppRouter(graphql);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App graphql={graphql} router={router} />
  </StrictMode>,
);
