// The API's reader page, /docs, in real headless Chromium (Debian's chromium, driven by playwright-core):
// it must read /openapi.json from the service and show every operation. Arguments: the API's base URL,
// where to save a screenshot. Prints one JSON object with what the page showed.
const browsers = require('./browser');

const [api, screenshot] = process.argv.slice(2);

(async () => {
  const browser = await browsers.launch();
  try {
    const tab = await browser.newPage();
    const outside = [];
    tab.on('request', (request) => {
      if (!request.url().startsWith(api)) outside.push(request.url());
    });
    await tab.goto(api + '/docs');
    await tab.waitForSelector('.op', { timeout: 10000 });
    const operations = await tab.$$eval('.op', (ops) => ops.map(
      (op) => op.querySelector('.method').textContent + ' ' + op.querySelector('.path').textContent));
    const title = await tab.textContent('#title');
    await tab.screenshot({ path: screenshot, fullPage: true });
    console.log(JSON.stringify({ title, operations, outside }));
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
