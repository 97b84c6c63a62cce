// antd's prebuilt styles first, so that the app's own CSS, which overrides some of them, comes after.
import 'antd/dist/antd.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { languageReady } from './i18n';
import './styles.css';

// Chinese is ready at once; a saved English waits for its texts rather than flashing Chinese first.
void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
