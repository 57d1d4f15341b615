// The dashboard: the jobs with live progress and filters, a job's page (its video, counts, frames, map,
// cancel and retry), and a form to create one. Everything comes from the service's own API; with an
// API token, the page asks for it once and keeps it for the tab.
import './app.css';
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import L from 'leaflet';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const TOKEN_KEY = 'ml-pipeline-token';
const REFRESH_MS = 1500;
const view = document.getElementById('view');
let timer = null;
let chart = null;
let map = null;

// ---- the API ---------------------------------------------------------------------------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function askToken() {
  return new Promise((resolve) => {
    const dialog = document.getElementById('token-dialog');
    const form = document.getElementById('token-form');
    form.onsubmit = () => {
      const value = document.getElementById('token-input').value.trim();
      sessionStorage.setItem(TOKEN_KEY, value);
      // the browser sends this with <video> and <img> requests (/uploads/ files, /files links), which
      // cannot carry a header; the service takes it on those reads only
      document.cookie = `ml_pipeline_token=${encodeURIComponent(value)}; path=/; SameSite=Strict`;
      resolve();
    };
    dialog.showModal();
  });
}

// an output in S3 is no URL a browser can read: the service redirects to a link that expires
function fileUrl(url) {
  return url && url.startsWith('s3://') ? `/files?url=${encodeURIComponent(url)}` : url;
}

async function api(path, options = {}) {
  const headers = { ...(options.body ? { 'Content-Type': 'application/json' } : {}) };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    await askToken();
    return api(path, options);
  }
  const body = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Error(body?.error || `${response.status} ${response.statusText}`);
  return body;
}

// ---- helpers ---------------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const status = (word) => el('span', { class: `status ${word}` }, word);
const bar = (progress) => el('span', { class: 'bar', title: `${progress}%` }, el('i', { style: `width:${progress}%` }));
const when = (value) => (value ? new Date(value).toLocaleString() : '');
const OPEN = ['pending', 'claimed', 'processing'];

function stop() {
  clearTimeout(timer);
  timer = null;
  if (chart) { chart.destroy(); chart = null; }
  if (map) { map.remove(); map = null; }
}

// ---- the job list ----------------------------------------------------------------------------------

function jobsPage(params) {
  const filter = params.get('status') || '';
  const search = params.get('q') || '';
  const message = el('p', { class: 'error', id: 'create-error' });
  const form = el('form', { class: 'inline', id: 'create' },
    el('input', { name: 'video_id', placeholder: 'video id (24 hex)', required: true, pattern: '[0-9a-fA-F]{24}' }),
    el('input', { name: 'callback_url', type: 'url', placeholder: 'callback URL (optional)' }),
    el('button', { type: 'submit' }, 'Create job'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (!data.callback_url) delete data.callback_url;
    try {
      const created = await api('/jobs', { method: 'POST', body: JSON.stringify(data) });
      location.hash = `#/jobs/${created.job._id}`;
    } catch (error) {
      message.textContent = error.message;
    }
  });
  const statusFilter = el('select', { id: 'status-filter' },
    ['', ...OPEN, 'completed', 'failed', 'cancelled'].map((word) =>
      el('option', { value: word, ...(word === filter ? { selected: true } : {}) }, word || 'every status')));
  const searchBox = el('input', { id: 'search', placeholder: 'filter by job or video id', value: search });
  const update = () => {
    const next = new URLSearchParams();
    if (statusFilter.value) next.set('status', statusFilter.value);
    if (searchBox.value) next.set('q', searchBox.value);
    location.hash = `#/?${next}`;
  };
  statusFilter.addEventListener('change', update);
  searchBox.addEventListener('change', update);
  const rows = el('tbody', { id: 'jobs' });
  const count = el('span', { class: 'muted', id: 'count' });
  view.replaceChildren(
    el('section', {}, el('h1', {}, 'New job'), form, message),
    el('section', {}, el('h1', {}, 'Jobs ', count),
      el('div', { class: 'inline', style: 'display:flex;gap:8px;margin-bottom:8px' }, statusFilter, searchBox),
      el('table', {}, el('thead', {}, el('tr', {}, ['job', 'video', 'status', 'progress', 'message', 'created']
        .map((name) => el('th', {}, name)))), rows)));

  const refresh = async () => {
    try {
      const listed = await api(`/jobs?limit=100${filter ? `&status=${encodeURIComponent(filter)}` : ''}`);
      const needle = search.toLowerCase();
      const jobs = listed.jobs.filter((job) => !needle || job._id.includes(needle) || String(job.video_id).includes(needle));
      count.textContent = `(${jobs.length})`;
      rows.replaceChildren(...jobs.map((job) => el('tr', { 'data-id': job._id, 'data-status': job.status },
        el('td', { class: 'id' }, el('a', { href: `#/jobs/${job._id}` }, job._id)),
        el('td', { class: 'id' }, job.video_id),
        el('td', {}, status(job.status)),
        el('td', {}, bar(Number(job.progress) || 0), ` ${Number(job.progress) || 0}%`),
        el('td', { class: 'muted' }, job.status_message || job.error || ''),
        el('td', { class: 'muted' }, when(job.created_at)))));
    } catch (error) {
      rows.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'error' }, error.message)));
    }
    timer = setTimeout(refresh, REFRESH_MS);
  };
  refresh();
}

// ---- one job ---------------------------------------------------------------------------------------

function jobPage(id) {
  const head = el('section', { id: 'job' }, el('h1', {}, 'Job ', el('span', { class: 'id' }, id)));
  const media = el('section', { id: 'media' });
  const counts = el('section', { id: 'counts' }, el('h2', {}, 'Detections by class'), el('canvas', { id: 'chart', height: 220 }));
  const frames = el('section', { id: 'frames' }, el('h2', {}, 'Frames with detections'), el('div', { class: 'frames' }));
  const mapSection = el('section', { id: 'objects', hidden: true }, el('h2', {}, 'Objects on the map'), el('div', { id: 'map' }));
  view.replaceChildren(el('p', {}, el('a', { href: '#/' }, '← all jobs')), head,
    el('div', { class: 'grid' }, el('div', {}, media, frames), el('div', {}, counts, mapSection)));
  let shown = null;

  const act = async (action) => {
    try {
      await api(`/jobs/${id}/${action}`, { method: 'POST' });
      clearTimeout(timer);
      refresh();
    } catch (error) {
      head.querySelector('.error').textContent = error.message;
    }
  };

  const details = (job) => {
    const result = job.result || {};
    return el('dl', {},
      el('dt', {}, 'status'), el('dd', {}, status(job.status), ' ', bar(Number(job.progress) || 0), ` ${Number(job.progress) || 0}%`),
      el('dt', {}, 'message'), el('dd', {}, job.status_message || ''),
      el('dt', {}, 'video'), el('dd', { class: 'id' }, job.video_id),
      el('dt', {}, 'attempts'), el('dd', {}, job.attempts ?? 0),
      el('dt', {}, 'created'), el('dd', {}, when(job.created_at)),
      job.completed_at ? [el('dt', {}, 'ended'), el('dd', {}, when(job.completed_at))] : null,
      job.error ? [el('dt', {}, 'error'), el('dd', { class: 'error' }, job.error)] : null,
      result.stats ? [el('dt', {}, 'frames'), el('dd', {}, `${result.stats.processed_frames} sampled of ${result.stats.total_frames}`)] : null,
      result.detections_url ? [el('dt', {}, 'records'), el('dd', {}, el('a', { href: fileUrl(result.detections_url) }, result.detections_url))] : null,
      job.callback_url ? [el('dt', {}, 'callback'), el('dd', {}, job.callback_url,
        ` (${(job.callback_deliveries || []).length} deliveries)`)] : null);
  };

  const showResult = async (job) => {
    const result = job.result || {};
    if (result.annotated_video_url) {
      media.replaceChildren(el('h2', {}, 'Annotated video'),
        el('video', { id: 'video', src: fileUrl(result.annotated_video_url), controls: true, muted: true, preload: 'metadata', playsinline: true }));
    } else {
      media.replaceChildren(el('h2', {}, 'Annotated video'), el('p', { class: 'muted' }, 'Shown once the job completes.'));
    }
    const perClass = result.stats?.detection_stats || {};
    const labels = Object.keys(perClass);
    if (chart) chart.destroy();
    chart = new Chart(document.getElementById('chart'), {
      type: 'bar',
      data: { labels, datasets: [{ label: 'detections', data: labels.map((name) => perClass[name]), backgroundColor: '#2563eb' }] },
      options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    });
    counts.dataset.classes = labels.join(',');
    try {
      const page = await api(`/videos/${job.video_id}/frames?has_detections=true&limit=24`);
      frames.querySelector('.frames').replaceChildren(...(page.items.length ? page.items.map((frame) => el('div', { class: 'frame' },
        frame.frame_path ? el('img', { src: fileUrl(frame.frame_path), alt: `frame ${frame.frame_number}`, loading: 'lazy' }) : null,
        el('p', {}, `frame ${frame.frame_number} · ${Number(frame.timestamp).toFixed(2)} s`),
        el('p', { class: 'muted' }, (frame.detections || []).map((d) => d.class_name).join(', ')))) : [el('p', { class: 'muted' }, 'None.')]));
      frames.dataset.total = page.total;
    } catch (error) {
      frames.querySelector('.frames').replaceChildren(el('p', { class: 'error' }, error.message));
    }
    if (result.objects_geojson_url) {
      try {
        const objects = await api(`/videos/${job.video_id}/objects.geojson`);
        if (objects.features?.length) {
          mapSection.hidden = false;
          if (map) map.remove();
          map = L.map('map', { attributionControl: false });
          const layer = L.geoJSON(objects, {
            pointToLayer: (feature, at) => L.circleMarker(at, { radius: 6, color: '#2563eb' }),
            onEachFeature: (feature, marker) => marker.bindTooltip(`${feature.properties.class_name} #${feature.properties.track_id}`),
          }).addTo(map);
          map.fitBounds(layer.getBounds(), { maxZoom: 18, padding: [20, 20] });
        }
      } catch (error) {
        mapSection.hidden = false;
        mapSection.append(el('p', { class: 'error' }, error.message));
      }
    }
  };

  const refresh = async () => {
    try {
      const { job } = await api(`/jobs/${id}`);
      head.replaceChildren(el('h1', {}, 'Job ', el('span', { class: 'id' }, id)), details(job),
        el('div', { class: 'actions' },
          el('button', { id: 'cancel', class: 'secondary', disabled: !OPEN.includes(job.status), onclick: () => act('cancel') }, 'Cancel'),
          el('button', { id: 'retry', class: 'secondary', disabled: !['failed', 'cancelled'].includes(job.status), onclick: () => act('retry') }, 'Retry')),
        el('p', { class: 'error' }));
      head.dataset.status = job.status;
      const state = `${job.status}|${job.completed_at || ''}`;
      if (state !== shown) {
        shown = state;
        await showResult(job);
      }
      if (OPEN.includes(job.status)) timer = setTimeout(refresh, REFRESH_MS);
    } catch (error) {
      head.replaceChildren(el('h1', {}, 'Job ', id), el('p', { class: 'error' }, error.message));
    }
  };
  refresh();
}

// ---- routing and health ----------------------------------------------------------------------------

function route() {
  stop();
  const hash = location.hash.slice(1) || '/';
  const [path, query] = hash.split('?');
  const job = path.match(/^\/jobs\/([0-9a-fA-F]{24})$/);
  if (job) jobPage(job[1]);
  else jobsPage(new URLSearchParams(query || ''));
}

async function health() {
  const badge = document.getElementById('health');
  try {
    const response = await fetch('/health');
    const body = await response.json();
    badge.textContent = `${body.status}${body.worker_running ? ' · worker running' : ' · worker stopped'}`;
    badge.className = `health ${response.ok ? 'ok' : 'down'}`;
  } catch (error) {
    badge.textContent = 'unreachable';
    badge.className = 'health down';
  }
  setTimeout(health, 5000);
}

window.addEventListener('hashchange', route);
route();
health();
