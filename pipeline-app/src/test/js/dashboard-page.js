// The dashboard at /, in real headless Chromium (Debian's chromium, driven by playwright-core), as an
// operator uses it: create a job for a video through the form, watch it complete on the job's page,
// play the annotated video (served by the service with byte ranges) until it advances, read the chart,
// the frames and the map, filter the job list, and take a screenshot. Arguments: the service's base
// URL, a video id, where to save the screenshot and, optionally, the S3 server that the service's
// links to its outputs there lead to (not counted as outside). Prints one JSON object with what the page
// showed.
const browsers = require('./browser');

const [base, videoId, screenshot, s3] = process.argv.slice(2);

(async () => {
  const browser = await browsers.launch();
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside = [];
    const ranges = [];
    const fromS3 = [];
    tab.on('request', (request) => {
      if (s3 && request.url().startsWith(s3)) fromS3.push(request.url());
      else if (!request.url().startsWith(base)) outside.push(request.url());
      if (request.headers().range) ranges.push(request.headers().range);
    });
    const errors = [];
    tab.on('pageerror', (error) => errors.push(String(error)));

    await tab.goto(base + '/');
    await tab.fill('#create input[name=video_id]', videoId);
    await tab.click('#create button[type=submit]');
    await tab.waitForURL(/#\/jobs\/[0-9a-f]{24}$/, { timeout: 10000 });
    const jobId = tab.url().split('/').pop();
    const seenStatuses = new Set();
    const deadline = Date.now() + 90000;
    for (;;) {
      const status = await tab.getAttribute('#job', 'data-status');
      if (status) seenStatuses.add(status);
      if (status === 'completed' || status === 'failed' || Date.now() > deadline) break;
      await tab.waitForTimeout(200);
    }
    const status = await tab.getAttribute('#job', 'data-status');

    await tab.waitForSelector('#video', { timeout: 10000 });
    await tab.evaluate(() => document.getElementById('video').play());
    await tab.waitForFunction(() => document.getElementById('video').currentTime > 0.5, null, { timeout: 15000 });
    const video = await tab.evaluate(() => {
      const v = document.getElementById('video');
      return { currentTime: v.currentTime, duration: v.duration, width: v.videoWidth, height: v.videoHeight,
        src: v.getAttribute('src') };
    });
    await tab.waitForSelector('#frames[data-total]', { timeout: 10000 });
    const classes = await tab.getAttribute('#counts', 'data-classes');
    const frames = await tab.$$eval('#frames .frame', (nodes) => nodes.length);
    const frameImages = await tab.$$eval('#frames .frame img', (images) => images.filter((i) => i.complete && i.naturalWidth > 0).length);
    await tab.waitForSelector('#objects:not([hidden]) .leaflet-interactive', { timeout: 10000 });
    const markers = await tab.$$eval('#objects .leaflet-interactive', (nodes) => nodes.length);
    const buttons = await tab.evaluate(() => ({
      cancel: document.getElementById('cancel').disabled, retry: document.getElementById('retry').disabled }));
    await tab.screenshot({ path: screenshot, fullPage: true });

    await tab.goto(base + '/#/?status=completed');
    await tab.waitForSelector(`#jobs tr[data-id="${jobId}"]`, { timeout: 10000 });
    const listed = await tab.$$eval('#jobs tr', (rows) => rows.map((row) => row.dataset.status));
    await tab.goto(base + '/#/?status=failed');
    await tab.waitForSelector('#count', { timeout: 10000 });
    await tab.waitForTimeout(500);
    const failedRows = await tab.$$eval('#jobs tr[data-id]', (rows) => rows.length);

    console.log(JSON.stringify({ jobId, status, seenStatuses: [...seenStatuses], video, classes, frames, frameImages,
      markers, buttons, listed, failedRows, ranges: ranges.length, fromS3: fromS3.length, outside, errors }));
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
