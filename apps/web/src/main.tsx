import './styles.css';
import './styles/simulator.css';
import './styles/bots.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createGraphqlClientStore } from './graphql/client-store.ts';
import { initI18n } from './i18n/i18n.ts';
import { createAppRouter } from './router.tsx';

const graphql = createGraphqlClientStore();
const router = createAppRouter(graphql);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The router starts loading the page's data and code while the messages download.
void router.load();
void initI18n().then(
  () => {
    createRoot(container).render(
      <StrictMode>
        <App graphql={graphql} router={router} />
      </StrictMode>,
    );
  },
  () => {
    // The messages could not be downloaded (offline on the very first load): without them there is
    // no page to draw, so say so in both languages rather than leave the page blank.
    container.textContent =
      'ページを読み込めませんでした。接続を確認して再読み込みしてください。 / The page could not load. Check your connection and reload.';
    container.setAttribute('role', 'alert');
  },
);
