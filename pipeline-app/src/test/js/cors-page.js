// A page served from another origin calls the API in real headless Chromium (Debian's chromium, driven
// by playwright-core): it POSTs a JSON body to /jobs, as the main backend's front-end would, and lists
// jobs. Arguments: the API's base URL, a video id. Prints one JSON object with what the page saw.
const http = require('http');
const browsers = require('./browser');

const [api, videoId] = process.argv.slice(2);
const page = `<!doctype html><title>front-end</title><script>
async function call(method, path, body) {
  try {
    const response = await fetch(${JSON.stringify(api)} + path, {
      method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { error: String(error) };
  }
}
</script>`;

(async () => {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await browsers.launch();
  try {
    const tab = await browser.newPage();
    await tab.goto(origin + '/');
    const created = await tab.evaluate(([id]) => call('POST', '/jobs', { video_id: id }), [videoId]);
    const listed = await tab.evaluate(() => call('GET', '/jobs?status=pending'));
    console.log(JSON.stringify({ origin, created, listed }));
  } finally {
    await browser.close();
    server.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
