'use strict';
// The ActLab playground page. It draws and sends controls; training and every number come from the server's engine
// over one WebSocket: JSON text for control messages, binary frames (a JSON header and float32 arrays) for pictures.

const $ = (id) => document.getElementById(id);
const DEFAULTS = {
  dataset: 'circle', noise: 0, trainPercent: 50, points: 500, classes: 2, seed: 1, problem: 'classification',
  features: ['x1', 'x2'], hidden: [4, 2], activations: ['tanh'], learningRate: 0.03, regularization: 'none',
  regularizationRate: 0, batchSize: 10, optimizer: 'sgd', momentum: 0, init: 'xavier-uniform', compare: null, epochsPerFrame: 5,
};
const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const CLASS_COLORS = ['#e8710a', '#0b6bb0', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const NEG = [232, 113, 10], POS = [11, 107, 176], MID = [247, 247, 247];

const page = {
  settings: structuredClone(DEFAULTS), meta: null, reset: null, frame: null, history: [[], []], playing: false,
  socket: null, lang: 'en', t: {}, frames: 0, fps: 0, fpsCount: 0, fpsStart: performance.now(), errors: [], curveSpec: null,
};
window.actlab = page; // for people poking at the page from the console, and for the browser tests

// ---------- settings <-> URL ----------
function readUrl() {
  const q = new URLSearchParams(location.search);
  const s = structuredClone(DEFAULTS);
  const num = (k) => { if (q.has(k)) { const v = Number(q.get(k)); if (Number.isFinite(v)) s[k] = v; } };
  for (const k of ['dataset', 'problem', 'regularization', 'optimizer', 'init']) if (q.has(k)) s[k] = q.get(k);
  for (const k of ['noise', 'trainPercent', 'points', 'classes', 'seed', 'learningRate', 'regularizationRate', 'batchSize', 'momentum', 'epochsPerFrame']) num(k);
  if (q.has('features')) s.features = q.get('features').split(',').filter(Boolean);
  if (q.has('hidden')) s.hidden = q.get('hidden') === '' ? [] : q.get('hidden').split(',').map(Number);
  if (q.has('activations')) s.activations = q.get('activations').split(';').filter(Boolean);
  if (q.has('compare')) s.compare = q.get('compare') || null;
  if (s.dataset === 'upload') s.dataset = DEFAULTS.dataset; // an upload lives in its tab only
  page.lang = q.get('lang') === 'ko' || (!q.has('lang') && (navigator.language || '').startsWith('ko')) ? 'ko' : 'en';
  page.showTest = q.get('showTest') === '1';
  page.discretize = q.get('discretize') === '1';
  return s;
}

function writeUrl() {
  const s = page.settings, q = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) {
    if (v === null || v === undefined) continue;
    if (k === 'activations') q.set(k, v.join(';'));
    else if (Array.isArray(v)) q.set(k, v.join(','));
    else q.set(k, String(v));
  }
  if (page.showTest) q.set('showTest', '1');
  if (page.discretize) q.set('discretize', '1');
  q.set('lang', page.lang);
  history.replaceState(null, '', '?' + q.toString());
}

// ---------- socket ----------
function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?lang=${page.lang}`);
  ws.binaryType = 'arraybuffer';
  page.socket = ws;
  ws.onopen = () => sendSettings();
  ws.onmessage = (e) => (typeof e.data === 'string' ? onText(JSON.parse(e.data)) : onFrame(e.data));
  ws.onclose = (e) => {
    page.playing = false;
    showMessage(`The connection to the playground server closed${e.reason ? ': ' + e.reason : ''}. Reload the page to start again.`);
    updatePlay();
  };
}

function send(message) {
  if (page.socket && page.socket.readyState === WebSocket.OPEN) page.socket.send(JSON.stringify(message));
}

function sendSettings() {
  clearInvalid();
  writeUrl();
  send({ type: 'settings', settings: page.settings });
}

function change(patch) {
  Object.assign(page.settings, patch);
  syncControls();
  sendSettings();
}

function onText(m) {
  switch (m.type) {
    case 'reset':
      page.reset = m;
      page.history = [[], []];
      Object.assign(page.settings, m.settings);
      syncControls();
      buildNetwork();
      buildMaps();
      hideMessage();
      break;
    case 'error':
      showMessage(m.message, m.field);
      break;
    case 'uploaded':
      showMessage(`Uploaded ${m.name}: ${m.rows} rows, columns ${m.axes.join(' and ')}.`, null, true);
      break;
    case 'imported':
      showMessage(`Imported ${m.model}, with its data ${m.source}. Play to train it further.`, null, true);
      break;
    case 'exported':
      $('exportResult').textContent = `Written to ${m.path}. Try: actlab evaluate --run ${m.path}`;
      break;
  }
}

function decodeFrame(buffer) {
  const view = new DataView(buffer);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
  const base = 4 + length, arrays = {};
  for (const [name, [offset, count]] of Object.entries(header.arrays)) arrays[name] = new Float32Array(buffer, base + 4 * offset, count);
  return { header, arrays };
}

function onFrame(buffer) {
  if (!page.reset) return;
  const f = decodeFrame(buffer);
  page.frame = f;
  page.frames++;
  page.fpsCount++;
  const now = performance.now();
  if (now - page.fpsStart >= 1000) { page.fps = page.fpsCount * 1000 / (now - page.fpsStart); page.fpsCount = 0; page.fpsStart = now; }
  page.playing = f.header.playing;
  updatePlay();
  $('epoch').textContent = String(f.header.epoch).padStart(6, '0');
  f.header.nets.forEach((n, k) => {
    const h = page.history[k];
    if (h.length === 0 || h[h.length - 1].epoch !== n.epoch) h.push({ epoch: n.epoch, train: n.trainLoss, test: n.testLoss });
    if (h.length > 2000) page.history[k] = h.filter((_, i) => i % 2 === 0 || i === h.length - 1);
  });
  drawLosses(f);
  drawMaps(f);
  drawNeurons(f);
  drawLinks(f);
  drawHealth(f);
  const stopped = f.header.nets.find((n) => n.stopped);
  if (stopped) showMessage(stopped.stopped);
}

// ---------- messages ----------
function showMessage(text, field, info) {
  const m = $('message');
  m.textContent = text;
  m.hidden = false;
  m.style.borderColor = info ? '#0b5cad' : '';
  if (field) {
    const control = $(field) || document.querySelector(`[data-field="${field}"]`);
    if (control) control.classList.add('invalid');
  }
}
function hideMessage() { $('message').hidden = true; }
function clearInvalid() { document.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid')); }

// ---------- controls ----------
function fillSelect(select, values, label) {
  select.replaceChildren(...values.map((v) => { const o = document.createElement('option'); o.value = String(v); o.textContent = label ? label(v) : String(v); return o; }));
}

function setupControls() {
  const m = page.meta;
  fillSelect($('learningRate'), RATES);
  fillSelect($('regularizationRate'), REG_RATES);
  fillSelect($('optimizer'), m.optimizers);
  fillSelect($('init'), m.inits);
  fillActivationSelects();
  const ds = $('datasets');
  for (const d of m.datasets.filter((d) => d !== 'upload')) {
    const b = document.createElement('button');
    // The set's name in the page's language; its key (as in the URL and `actlab generate`) in the tooltip.
    b.type = 'button'; b.textContent = tr(`playground.dataset.${d}`); b.dataset.i18n = `playground.dataset.${d}`; b.title = d;
    b.dataset.dataset = d; b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => change({ dataset: d, problem: d === 'plane' || d === 'multi-gauss' ? 'regression' : 'classification' }));
    ds.appendChild(b);
  }
  const L = m.limits;
  $('points').max = L.points; $('points').min = L.minPoints;

  $('learningRate').addEventListener('change', (e) => change({ learningRate: Number(e.target.value) }));
  $('regularization').addEventListener('change', (e) => change({ regularization: e.target.value }));
  $('regularizationRate').addEventListener('change', (e) => change({ regularizationRate: Number(e.target.value) }));
  $('problem').addEventListener('change', (e) => change({ problem: e.target.value, dataset: e.target.value === 'regression' ? 'plane' : 'circle' }));
  $('optimizer').addEventListener('change', (e) => change({ optimizer: e.target.value, momentum: e.target.value === 'sgd' ? page.settings.momentum : 0 }));
  $('init').addEventListener('change', (e) => change({ init: e.target.value }));
  $('momentum').addEventListener('change', (e) => change({ momentum: Number(e.target.value) }));
  $('activation').addEventListener('change', (e) => { change({ activations: [e.target.value] }); showCurve(e.target.value); });
  $('compare').addEventListener('change', (e) => change({ compare: e.target.value || null }));
  $('classes').addEventListener('change', (e) => change({ classes: Number(e.target.value) }));
  $('points').addEventListener('change', (e) => change({ points: Number(e.target.value) }));
  $('seed').addEventListener('change', (e) => change({ seed: Number(e.target.value) }));
  $('epochsPerFrame').addEventListener('change', (e) => change({ epochsPerFrame: Number(e.target.value) }));
  for (const id of ['trainPercent', 'noise', 'batchSize']) {
    $(id).addEventListener('input', (e) => { $(id + 'Out').textContent = e.target.value; });
    $(id).addEventListener('change', (e) => change({ [id]: Number(e.target.value) }));
  }
  $('regenerate').addEventListener('click', () => change({ seed: (page.settings.seed + 1) % 9007199254740991 }));
  $('play').addEventListener('click', togglePlay);
  $('lang').addEventListener('change', (e) => setLanguage(e.target.value));
  $('step').addEventListener('click', () => send({ type: 'step', epochs: 1 }));
  $('reset').addEventListener('click', () => { page.history = [[], []]; send({ type: 'reset' }); });
  $('addLayer').addEventListener('click', () => { const h = page.settings.hidden; if (h.length < L.layers) setHidden([...h, 2]); });
  $('removeLayer').addEventListener('click', () => { const h = page.settings.hidden; if (h.length > 0) setHidden(h.slice(0, -1)); });
  $('showTest').addEventListener('change', (e) => { page.showTest = e.target.checked; writeUrl(); if (page.frame) drawMaps(page.frame); });
  $('discretize').addEventListener('change', (e) => { page.discretize = e.target.checked; writeUrl(); if (page.frame) drawMaps(page.frame); });
  $('uploadButton').addEventListener('click', upload);
  $('uploadFile').addEventListener('change', () => {
    // Offer the file's columns for the three choices (the server checks them again).
    const file = $('uploadFile').files[0];
    if (!file) return;
    file.slice(0, 65536).text().then((head) => {
      const columns = head.split(/\r?\n/)[0].split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter(Boolean);
      $('uploadColumns').replaceChildren(...columns.map((c) => { const o = document.createElement('option'); o.value = c; return o; }));
      $('uploadHeader').textContent = `Columns: ${columns.join(', ')}`;
    });
  });
  $('exportButton').addEventListener('click', () => send({ type: 'export', name: $('exportName').value }));
  $('importButton').addEventListener('click', importRun);
  $('weightEditor').addEventListener('submit', submitWeight);
  $('weightCancel').addEventListener('click', () => { $('weightEditor').hidden = true; });
  document.addEventListener('keydown', (e) => {
    if (e.target.closest('input, select, textarea, button, summary') || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') { e.preventDefault(); togglePlay(); }
    else if (e.key === 's') send({ type: 'step', epochs: 1 });
    else if (e.key === 'r') send({ type: 'reset' });
  });
  window.addEventListener('resize', () => { if (page.frame) drawLinks(page.frame); });
}

function setHidden(hidden) {
  const acts = page.settings.activations;
  const activations = acts.length === 1 ? acts : hidden.map((_, i) => acts[Math.min(i, acts.length - 1)]);
  change({ hidden, activations: hidden.length === 0 ? [acts[0]] : activations });
}

function syncControls() {
  const s = page.settings;
  $('learningRate').value = String(s.learningRate);
  if ($('learningRate').value !== String(s.learningRate)) { fillSelect($('learningRate'), [...new Set([...RATES, s.learningRate])].sort((a, b) => a - b)); $('learningRate').value = String(s.learningRate); }
  $('regularization').value = s.regularization;
  $('regularizationRate').value = String(s.regularizationRate);
  $('problem').value = s.problem;
  $('optimizer').value = s.optimizer;
  $('init').value = s.init;
  $('momentum').value = String(s.momentum);
  $('momentum').disabled = s.optimizer !== 'sgd';
  $('activation').value = s.activations[0].split(':')[0];
  $('compare').value = s.compare ? s.compare.split(':')[0] : '';
  for (const id of ['trainPercent', 'noise', 'batchSize']) { $(id).value = s[id]; $(id + 'Out').textContent = String(s[id]); }
  $('classes').value = s.classes; $('points').value = s.points; $('seed').value = s.seed; $('epochsPerFrame').value = s.epochsPerFrame;
  $('showTest').checked = !!page.showTest; $('discretize').checked = !!page.discretize;
  document.querySelectorAll('#datasets button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.dataset === s.dataset)));
  $('layer-count').textContent = tr(s.hidden.length === 1 ? 'playground.hiddenLayer' : 'playground.hiddenLayers', s.hidden.length);
  $('lang').value = page.lang;
}

function togglePlay() {
  page.playing = !page.playing;
  send({ type: page.playing ? 'play' : 'pause' });
  updatePlay();
}

function updatePlay() {
  $('play').textContent = tr(page.playing ? 'playground.pause' : 'playground.play');
  $('play').setAttribute('aria-pressed', String(page.playing));
}

function upload() {
  const file = $('uploadFile').files[0];
  if (!file) { showMessage('Choose a CSV file first.', 'uploadFile'); return; }
  if (file.size > page.meta.limits.uploadBytes) { showMessage(`${file.name} is ${file.size.toLocaleString()} bytes; the limit is 10 MB.`, 'uploadFile'); return; }
  file.text().then((csv) => send({ type: 'upload', name: file.name, csv, x: $('uploadX').value.trim(), y: $('uploadY').value.trim(), label: $('uploadLabel').value.trim() }));
}

function importRun() {
  const files = [...$('importFolder').files].filter((f) => ['config.json', 'model.safetensors', 'summary.json'].includes(f.name));
  if (!files.some((f) => f.name === 'config.json')) { showMessage('Choose a run folder: it holds config.json and model.safetensors.', 'importFolder'); return; }
  const base64 = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  Promise.all(files.map((f) => (f.name.endsWith('.safetensors') ? f.arrayBuffer().then((b) => [f.name, base64(b)]) : f.text().then((t) => [f.name, t]))))
    .then((pairs) => send({ type: 'import', files: Object.fromEntries(pairs) }));
}

// ---------- colours ----------
function mix(a, b, t) { return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]; }
function diverging(v) { // v in [-1, 1]
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t);
}
function hexRgb(h) { return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]; }

// ---------- network ----------
function buildNetwork() {
  const r = page.reset, s = page.settings, layers = $('layers');
  layers.replaceChildren();
  // Inputs: every feature, the chosen ones pressed.
  const inputs = column(tr('playground.features'));
  for (const name of page.meta.features) {
    const node = document.createElement('button');
    node.type = 'button';
    node.className = 'node feature';
    node.setAttribute('aria-pressed', String(s.features.includes(name)));
    node.setAttribute('aria-label', `Feature ${name}`);
    node.dataset.feature = name;
    const c = document.createElement('canvas'); c.width = 20; c.height = 20;
    drawFeature(c, name, r.extent);
    const label = document.createElement('span'); label.className = 'name'; label.textContent = name;
    node.append(c, label);
    node.addEventListener('click', () => {
      const f = s.features.includes(name) ? s.features.filter((x) => x !== name) : page.meta.features.filter((x) => x === name || s.features.includes(x));
      if (f.length > 0) change({ features: f });
    });
    inputs.body.appendChild(node);
  }
  layers.appendChild(inputs.el);
  s.hidden.forEach((units, i) => {
    const col = column(null);
    const head = col.head;
    const title = document.createElement('span'); title.textContent = tr('playground.neurons', units);
    const pm = document.createElement('span');
    const plus = button('+', `Add a neuron to layer ${i + 1}`, () => { if (units < page.meta.limits.neurons) setUnits(i, units + 1); });
    const minus = button('−', `Remove a neuron from layer ${i + 1}`, () => { if (units > 1) setUnits(i, units - 1); });
    pm.append(plus, minus);
    const spec = s.activations.length === 1 ? s.activations[0] : s.activations[i];
    const [key, params] = [spec.split(':')[0], spec.split(':').slice(1).join(':')];
    const select = document.createElement('select');
    select.setAttribute('aria-label', `Activation of layer ${i + 1}`);
    select.dataset.field = 'activations';
    fillSelect(select, page.meta.activations.map((a) => a.key), actName);
    select.value = key;
    const info = page.meta.activations.find((a) => a.key === key);
    const param = document.createElement('input');
    param.type = 'text';
    param.value = params;
    param.placeholder = info && info.parameters.length ? info.parameters.map((p) => `${p.key}=${p.default}`).join(',') : tr('playground.noParameters');
    param.disabled = !info || info.parameters.length === 0;
    param.setAttribute('aria-label', `Parameters of layer ${i + 1}'s activation`);
    const setSpec = () => {
      const next = select.value + (param.value.trim() && !param.disabled ? ':' + param.value.trim() : '');
      const acts = s.hidden.map((_, j) => (j === i ? next : (s.activations.length === 1 ? s.activations[0] : s.activations[j])));
      change({ activations: acts.every((a) => a === acts[0]) ? [acts[0]] : acts });
      showCurve(next);
    };
    select.addEventListener('change', () => { param.value = ''; setSpec(); });
    param.addEventListener('change', setSpec);
    select.addEventListener('focus', () => showCurve(spec));
    head.append(pm, title, select, param);
    for (let u = 0; u < units; u++) {
      const node = document.createElement('div');
      node.className = 'node';
      node.dataset.layer = i; node.dataset.unit = u;
      const c = document.createElement('canvas'); c.width = r.neuronGrid; c.height = r.neuronGrid;
      c.setAttribute('role', 'img'); c.setAttribute('aria-label', `What neuron ${u + 1} of layer ${i + 1} computes`);
      node.appendChild(c);
      col.body.appendChild(node);
    }
    layers.appendChild(col.el);
  });
  const out = column(tr('playground.output'));
  for (let k = 0; k < r.outputs; k++) {
    const node = document.createElement('div'); node.className = 'node'; node.dataset.layer = 'out'; node.dataset.unit = k;
    const c = document.createElement('canvas'); c.width = r.grid; c.height = r.grid;
    c.setAttribute('role', 'img');
    c.setAttribute('aria-label', r.outputs > 1 ? `Probability of class ${r.classes[k]}` : r.classes.length ? `Probability of class ${r.classes[1]}` : 'The predicted value');
    node.appendChild(c);
    out.body.appendChild(node);
  }
  layers.appendChild(out.el);
  buildLinks();
  showCurve(s.activations[0]);
}

function column(title) {
  const el = document.createElement('div'); el.className = 'layer';
  const head = document.createElement('header');
  if (title) { const t = document.createElement('span'); t.textContent = title; head.appendChild(t); }
  const body = document.createElement('div'); body.style.display = 'flex'; body.style.flexDirection = 'column'; body.style.gap = '6px';
  el.append(head, body);
  return { el, head, body };
}

function button(text, label, onClick) {
  const b = document.createElement('button'); b.type = 'button'; b.className = 'small'; b.textContent = text; b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function setUnits(i, units) { change({ hidden: page.settings.hidden.map((h, j) => (j === i ? units : h)) }); }

function drawFeature(canvas, name, [lo, hi]) {
  const g = canvas.getContext('2d'), n = canvas.width, img = g.createImageData(n, n);
  const f = { x1: (a) => a, x2: (a, b) => b, 'x1^2': (a) => a * a, 'x2^2': (a, b) => b * b, x1x2: (a, b) => a * b, 'sin(x1)': (a) => Math.sin(a), 'sin(x2)': (a, b) => Math.sin(b) }[name];
  const scale = name.startsWith('sin') ? 1 : name.includes('^2') || name === 'x1x2' ? Math.max(lo * lo, hi * hi) : Math.max(Math.abs(lo), Math.abs(hi));
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
    const a = lo + (c + 0.5) * (hi - lo) / n, b = hi - (r + 0.5) * (hi - lo) / n;
    const [R, G, B] = diverging(f(a, b) / scale);
    const o = 4 * (r * n + c); img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
  }
  g.putImageData(img, 0, 0);
}

// Links: one SVG line per weight of the first network, between node centres; colour is the sign, width the size.
function buildLinks() {
  const svg = $('links'), s = page.settings;
  svg.replaceChildren();
  page.links = [];
  const sizes = [s.features.length, ...s.hidden, page.reset.outputs];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l], nOut = sizes[l + 1];
    for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) {
      const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      line.appendChild(title);
      const link = { line, title, layer: l, output: o, input: i, index: offset + o * nIn + i };
      line.addEventListener('click', (e) => editWeight(link, e));
      svg.appendChild(line);
      page.links.push(link);
    }
    offset += nIn * nOut + nOut;
  }
  placeLinks();
}

function nodeCentre(el, box) {
  const r = el.getBoundingClientRect();
  return [r.left - box.left + r.width / 2, r.top - box.top + r.height / 2, r.width / 2];
}

function placeLinks() {
  const box = $('net').getBoundingClientRect(), s = page.settings;
  const inputs = s.features.map((f) => document.querySelector(`.node.feature[data-feature="${CSS.escape(f)}"]`));
  const layerNodes = (l) => (l === 0 ? inputs : l <= s.hidden.length ? [...document.querySelectorAll(`.node[data-layer="${l - 1}"]`)] : [...document.querySelectorAll('.node[data-layer="out"]')]);
  for (const k of page.links) {
    const a = layerNodes(k.layer)[k.input], b = layerNodes(k.layer + 1)[k.output];
    if (!a || !b) continue;
    const [x1, y1, w1] = nodeCentre(a, box), [x2, y2, w2] = nodeCentre(b, box);
    k.line.setAttribute('x1', x1 + w1); k.line.setAttribute('y1', y1); k.line.setAttribute('x2', x2 - w2); k.line.setAttribute('y2', y2);
  }
}

function drawLinks(f) {
  const w = f.arrays.weights0;
  if (!w || !page.links) return;
  placeLinks();
  let max = 1e-9;
  for (const k of page.links) max = Math.max(max, Math.abs(w[k.index]));
  for (const k of page.links) {
    const v = w[k.index];
    k.line.setAttribute('stroke', v < 0 ? '#e8710a' : '#0b6bb0');
    k.line.setAttribute('stroke-width', (0.5 + 5 * Math.abs(v) / max).toFixed(2));
    k.line.setAttribute('stroke-opacity', (0.25 + 0.75 * Math.abs(v) / max).toFixed(2));
    k.title.textContent = `Weight ${v.toPrecision(4)} (layer ${k.layer + 1}, input ${k.input + 1} → unit ${k.output + 1}); click to edit`;
  }
}

function editWeight(link, e) {
  const form = $('weightEditor');
  page.editing = link;
  form.style.left = `${e.pageX + 8}px`; form.style.top = `${e.pageY + 8}px`;
  $('weightValue').value = page.frame ? page.frame.arrays.weights0[link.index].toPrecision(4) : '0';
  form.hidden = false;
  $('weightValue').focus();
}

function submitWeight(e) {
  e.preventDefault();
  const k = page.editing, v = Number($('weightValue').value);
  $('weightEditor').hidden = true;
  if (k) send({ type: 'weight', net: 0, layer: k.layer, output: k.output, input: k.input, value: v });
}

function drawNeurons(f) {
  const n = f.arrays.neurons0, G = page.reset.neuronGrid, per = G * G;
  if (!n) return;
  // Output nodes: each output's own plane (a class probability, or the value), on the full map grid.
  const map = f.arrays.map0, M = page.reset.grid, regression = page.reset.classes.length === 0;
  document.querySelectorAll('.node[data-layer="out"] canvas').forEach((c, k) => {
    const g = c.getContext('2d'), img = g.createImageData(M, M);
    let max = 1e-9;
    if (regression) for (let i = 0; i < M * M; i++) max = Math.max(max, Math.abs(map[i]));
    const K = page.reset.classes.length, tint = K > 2 ? hexRgb(classColor(k, K)) : null;
    for (let i = 0; i < M * M; i++) {
      const v = map[k * M * M + i];
      // Binary and regression: the diverging scale; a class of several: its colour, as strong as its probability.
      const [R, G2, B] = tint ? mix(MID, tint, v) : diverging(regression ? v / max : 2 * v - 1);
      img.data[4 * i] = R; img.data[4 * i + 1] = G2; img.data[4 * i + 2] = B; img.data[4 * i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
  });
  let unit = 0;
  page.settings.hidden.forEach((units, l) => {
    for (let u = 0; u < units; u++, unit++) {
      const c = document.querySelector(`.node[data-layer="${l}"][data-unit="${u}"] canvas`);
      if (!c) continue;
      let max = 1e-9;
      for (let i = 0; i < per; i++) max = Math.max(max, Math.abs(n[unit * per + i]));
      const g = c.getContext('2d'), img = g.createImageData(G, G);
      for (let i = 0; i < per; i++) {
        const [R, G2, B] = diverging(n[unit * per + i] / max);
        img.data[4 * i] = R; img.data[4 * i + 1] = G2; img.data[4 * i + 2] = B; img.data[4 * i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
    }
  });
}

// ---------- output maps ----------
function buildMaps() {
  const maps = $('maps');
  maps.replaceChildren();
  page.reset.nets.forEach((n, k) => {
    const fig = document.createElement('figure');
    const c = document.createElement('canvas'); c.width = 300; c.height = 300; c.id = `map${k}`;
    c.setAttribute('role', 'img'); c.setAttribute('aria-label', `Decision map of network ${k === 0 ? 'A' : 'B'} (${n.activation}) with the data points`);
    const cap = document.createElement('figcaption'); cap.textContent = `${page.reset.nets.length > 1 ? (k === 0 ? 'A: ' : 'B: ') : ''}${n.activation}`;
    fig.append(c, cap);
    maps.appendChild(fig);
  });
  const legend = $('legend'), r = page.reset;
  legend.replaceChildren(...(r.classes.length ? r.classes : ['low', 'high']).map((c, i) => {
    const s = document.createElement('span');
    s.style.setProperty('--c', r.classes.length ? classColor(i, r.classes.length) : (i ? '#0b6bb0' : '#e8710a'));
    s.textContent = r.classes.length ? tr('playground.class', c) : `${c} value`;
    return s;
  }));
}

function classColor(k, K) { return CLASS_COLORS[K === 2 ? k : k % CLASS_COLORS.length]; }

function drawMaps(f) {
  const r = page.reset, G = r.grid, K = r.classes.length, regression = K === 0;
  let scale = 1;
  if (regression) { scale = 1e-9; for (const t of r.points.target) scale = Math.max(scale, Math.abs(t)); }
  f.header.nets.forEach((_, k) => {
    const canvas = $(`map${k}`), map = f.arrays[`map${k}`];
    if (!canvas || !map) return;
    const off = page.offscreen || (page.offscreen = document.createElement('canvas'));
    off.width = G; off.height = G;
    const og = off.getContext('2d'), img = og.createImageData(G, G);
    for (let i = 0; i < G * G; i++) {
      let rgb;
      if (regression) rgb = diverging((page.discretize ? Math.sign(map[i]) : map[i] / scale));
      else if (K === 2) { const p = map[i]; rgb = diverging(page.discretize ? (p >= 0.5 ? 1 : -1) : 2 * p - 1); }
      else {
        let best = 0;
        for (let c = 1; c < K; c++) if (map[c * G * G + i] > map[best * G * G + i]) best = c;
        const p = map[best * G * G + i], conf = page.discretize ? 0.75 : Math.max(0, (p - 1 / K) / (1 - 1 / K)) * 0.85;
        rgb = mix(MID, hexRgb(classColor(best, K)), conf);
      }
      img.data[4 * i] = rgb[0]; img.data[4 * i + 1] = rgb[1]; img.data[4 * i + 2] = rgb[2]; img.data[4 * i + 3] = 255;
    }
    og.putImageData(img, 0, 0);
    const g = canvas.getContext('2d');
    g.imageSmoothingEnabled = !page.discretize;
    g.drawImage(off, 0, 0, canvas.width, canvas.height);
    drawPoints(g, canvas.width);
  });
}

function drawPoints(g, size) {
  const r = page.reset, p = r.points, [lo, hi] = r.extent, K = r.classes.length;
  let scale = 1e-9;
  if (K === 0) for (const t of p.target) scale = Math.max(scale, Math.abs(t));
  for (let i = 0; i < p.x1.length; i++) {
    const train = p.train[i] === 1;
    if (!train && !page.showTest) continue;
    const x = (p.x1[i] - lo) / (hi - lo) * size, y = (hi - p.x2[i]) / (hi - lo) * size;
    g.beginPath();
    g.arc(x, y, 3, 0, 2 * Math.PI);
    const rgb = K === 0 ? diverging(p.target[i] / scale) : hexRgb(classColor(p.target[i], K));
    g.fillStyle = `rgb(${rgb.map(Math.round).join(',')})`;
    g.fill();
    g.lineWidth = 1;
    g.strokeStyle = train ? '#fff' : '#000';
    g.stroke();
  }
}

// ---------- losses and health ----------
function fmt(v, digits = 3) {
  if (v === null || v === undefined) return '–';
  return v !== 0 && Math.abs(v) < 0.001 ? Number(v).toExponential(2) : Number(v).toFixed(digits);
}

function drawLosses(f) {
  const nets = f.header.nets, many = nets.length > 1;
  $('losses').replaceChildren(...nets.map((n, k) => {
    const d = document.createElement('div');
    const acc = n.testAccuracy === null ? '' : `, ${tr('playground.accuracy')} ${fmt(n.trainAccuracy)} / ${fmt(n.testAccuracy)}`;
    d.innerHTML = '';
    const name = document.createElement('span'); name.className = 'net-name'; name.textContent = many ? `${k === 0 ? 'A' : 'B'} (${page.reset.nets[k].activation}): ` : '';
    const text = document.createElement('span');
    text.textContent = `${tr('playground.testLoss')} ${fmt(n.testLoss)}  ${tr('playground.trainLoss')} ${fmt(n.trainLoss)}${acc}`;
    text.dataset.testLoss = n.testLoss ?? '';
    text.className = `loss-line net${k}`;
    d.append(name, text);
    return d;
  }));
  const c = $('lossChart'), g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  let max = 1e-9, last = 1;
  for (const h of page.history) for (const e of h) { max = Math.max(max, e.train ?? 0, e.test ?? 0); last = Math.max(last, e.epoch); }
  const line = (h, key, color, dash) => {
    g.beginPath(); g.setLineDash(dash); g.strokeStyle = color; g.lineWidth = 1.5;
    let started = false;
    for (const e of h) {
      if (e[key] === null || e[key] === undefined) continue;
      const x = e.epoch / last * (c.width - 4) + 2, y = c.height - 2 - e[key] / max * (c.height - 14);
      if (started) g.lineTo(x, y); else { g.moveTo(x, y); started = true; }
    }
    g.stroke();
  };
  page.history.forEach((h, k) => { line(h, 'train', '#888', k ? [4, 3] : []); line(h, 'test', '#111', k ? [4, 3] : []); });
  g.setLineDash([]);
  g.fillStyle = '#333'; g.font = '11px sans-serif';
  g.fillText(`${tr('playground.lossChart', max.toPrecision(3))}${many ? '; - - B' : ''}`, 4, 11);
}

function drawHealth(f) {
  const nets = f.header.nets, c = $('gradChart'), g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  const L = page.settings.hidden.length;
  const table = $('health');
  const rows = [];
  const head = document.createElement('tr');
  for (const t of [tr('playground.layer'), '‖∂L/∂W‖', tr('playground.dead'), tr('playground.saturated'), tr('playground.mean')]) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = t; head.appendChild(th); }
  rows.push(head);
  if (L === 0) { table.replaceChildren(table.caption || document.createElement('caption'), ...rows); return; }
  let lo = Infinity, hi = -Infinity;
  for (const n of nets) for (const h of n.health) if (h.gradientNorm > 0) { lo = Math.min(lo, Math.log10(h.gradientNorm)); hi = Math.max(hi, Math.log10(h.gradientNorm)); }
  if (!Number.isFinite(lo)) { lo = -8; hi = 0; }
  if (hi - lo < 1) { lo -= 0.5; hi += 0.5; }
  nets.forEach((n, k) => {
    g.beginPath(); g.setLineDash(k ? [4, 3] : []); g.strokeStyle = k ? '#0b6bb0' : '#e8710a'; g.lineWidth = 2;
    n.health.forEach((h, i) => {
      const x = L === 1 ? c.width / 2 : 20 + i * (c.width - 40) / (L - 1);
      const y = h.gradientNorm > 0 ? 14 + (hi - Math.log10(h.gradientNorm)) / (hi - lo) * (c.height - 28) : c.height - 4;
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      g.fillStyle = g.strokeStyle; g.fillRect(x - 2, y - 2, 4, 4);
    });
    g.stroke();
    n.health.forEach((h, i) => {
      const tr = document.createElement('tr');
      const cells = [`${nets.length > 1 ? (k ? 'B ' : 'A ') : ''}${i + 1}`, h.gradientNorm === null ? '–' : h.gradientNorm.toExponential(2),
        pct(h.dead), pct(h.saturated), fmt(h.mean)];
      cells.forEach((t, j) => {
        const td = document.createElement(j === 0 ? 'th' : 'td');
        if (j === 0) td.scope = 'row';
        td.textContent = t;
        if ((j === 2 || j === 3) && h[j === 2 ? 'dead' : 'saturated'] !== null) {
          const bar = document.createElement('span'); bar.className = 'bar-cell'; bar.style.width = `${Math.round(30 * h[j === 2 ? 'dead' : 'saturated'])}px`;
          td.appendChild(bar);
        }
        tr.appendChild(td);
      });
      rows.push(tr);
    });
  });
  g.setLineDash([]);
  g.fillStyle = '#333'; g.font = '11px sans-serif';
  g.fillText(`1e${hi.toFixed(1)}`, 2, 10); g.fillText(`1e${lo.toFixed(1)}`, 2, c.height - 2);
  g.fillText(tr('playground.gradAxis'), c.width / 2 - 55, c.height - 2);
  const caption = table.querySelector('caption');
  table.replaceChildren(...(caption ? [caption] : []), ...rows);
}

function pct(v) { return v === null || v === undefined ? '–' : `${Math.round(100 * v)}%`; }

// ---------- the activation's curve ----------
function showCurve(spec) {
  if (!spec || spec === page.curveSpec) return;
  page.curveSpec = spec;
  fetch(`/api/curve?spec=${encodeURIComponent(spec)}`).then((r) => r.json()).then((d) => {
    if (!d.x) { $('curveText').textContent = d.message || ''; return; }
    const c = $('curve'), g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    const vals = [...d.y, ...d.dy].filter((v) => v !== null);
    let lo = Math.min(-1, ...vals), hi = Math.max(1, ...vals);
    lo = Math.max(lo, -5); hi = Math.min(hi, 5);
    const X = (x) => (x + 5) / 10 * (c.width - 10) + 5, Y = (y) => c.height - 5 - (y - lo) / (hi - lo) * (c.height - 10);
    g.strokeStyle = '#bbb'; g.lineWidth = 1; g.beginPath(); g.moveTo(X(-5), Y(0)); g.lineTo(X(5), Y(0)); g.moveTo(X(0), Y(lo)); g.lineTo(X(0), Y(hi)); g.stroke();
    const plot = (ys, color, dash) => { g.beginPath(); g.setLineDash(dash); g.strokeStyle = color; g.lineWidth = 2; ys.forEach((y, i) => { if (y === null) return; const yy = Math.max(lo, Math.min(hi, y)); if (i === 0) g.moveTo(X(d.x[i]), Y(yy)); else g.lineTo(X(d.x[i]), Y(yy)); }); g.stroke(); };
    plot(d.y, '#0b5cad', []); plot(d.dy, '#e8710a', [5, 3]);
    g.setLineDash([]);
    const info = page.meta.activations.find((a) => a.key === spec.split(':')[0]);
    const name = `${actName(spec.split(':')[0])} (${d.spec})`;
    const own = (field) => page.t[`activation.${info.key}.${field}`] ?? info[field]; // ko.json's wording, else the catalogue's
    $('curveText').textContent = tr('playground.curve', name, info ? own('formula') : '', info ? own('derivative') : '', info ? own('range') : '');
  }).catch(() => {});
}

// ---------- language ----------
// The page's texts come from the server's catalogue (/api/texts, the same one --lang uses); English fills any gap.
function tr(key, ...args) {
  const text = page.t[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

function actName(key) {
  const a = page.meta.activations.find((x) => x.key === key);
  return page.t[`activation.${key}.name`] ?? (a ? a.name : key);
}

function fillActivationSelects() {
  const acts = page.meta.activations.map((a) => a.key);
  const keep = [$('activation').value, $('compare').value];
  fillSelect($('activation'), acts, actName);
  fillSelect($('compare'), ['', ...acts], (k) => (k ? actName(k) : tr('playground.compareOff')));
  [$('activation').value, $('compare').value] = keep;
}

function applyTexts() {
  document.documentElement.lang = page.lang;
  document.title = tr('playground.title');
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = tr(e.dataset.i18n); });
  document.querySelectorAll('[data-i18n-title]').forEach((e) => { e.title = tr(e.dataset.i18nTitle); });
  document.querySelectorAll('[data-i18n-label]').forEach((e) => { e.setAttribute('aria-label', tr(e.dataset.i18nLabel)); });
  const L = page.meta.limits;
  $('limits').textContent = tr('playground.limits', L.layers, L.neurons, L.minPoints, L.points, L.classes, L.minLearningRate, L.maxLearningRate, L.batchSize, L.uploadBytes / 1048576);
}

function loadTexts(lang) {
  return fetch(`/api/texts?lang=${lang}`).then((r) => r.json()).then((t) => { page.t = t; page.lang = lang; });
}

function setLanguage(lang) {
  loadTexts(lang).then(() => {
    send({ type: 'lang', lang });
    applyTexts();
    fillActivationSelects();
    syncControls();
    updatePlay();
    writeUrl();
    if (page.reset) { buildNetwork(); buildMaps(); }
    page.curveSpec = null;
    showCurve(page.settings.activations[0]);
    const f = page.frame;
    if (f) { drawLosses(f); drawMaps(f); drawNeurons(f); drawLinks(f); drawHealth(f); }
  });
}

// ---------- start ----------
fetch('/api/meta').then((r) => r.json()).then((meta) => {
  page.meta = meta;
  page.settings = readUrl();
  return loadTexts(page.lang);
}).then(() => {
  applyTexts();
  setupControls();
  syncControls();
  updatePlay();
  connect();
});
