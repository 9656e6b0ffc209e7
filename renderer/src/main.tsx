// The renderer's entry: pick the transport for this face (Electron's preload bridge or the browser
// mode's HTTP), build the typed API, route the core's events into the stores, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/api-client';
import { createHttpTransport, uploadFile, uploadFolder } from './api/http-transport';
import { bridge, createIpcTransport } from './api/ipc-transport';
import { App } from './app';
import { setPlatform, type Platform } from './platform/platform';
import { wireEvents } from './state/wire-events';
import './styles/theme.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/codebook.css';
import './styles/prelabel.css';
import './styles/models.css';
import './styles/annotate.css';
import './styles/browse.css';
import './styles/segments.css';
import './styles/encoding.css';
import './styles/validation-screen.css';
import './styles/label-quality.css';
import './styles/agreement.css';
import './styles/training.css';
import './styles/adjudication.css';
import './styles/samples.css';
import './styles/privacy.css';

function setUp(): Platform {
  const preload = bridge();
  if (preload) {
    return { api: createApi(createIpcTransport(preload)), face: 'electron', pathForFile: (file) => preload.pathForFile(file) };
  }
  return { api: createApi(createHttpTransport()), face: 'browser', uploadFile, uploadFolder };
}

const platform = setUp();
setPlatform(platform);
wireEvents(platform.api);

// A file dropped anywhere but the drop zone would make the window navigate to it.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (e) => {
    if (!(e.target instanceof Element && e.target.closest('[data-testid="drop-zone"]'))) e.preventDefault();
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
