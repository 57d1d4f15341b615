// What the main backend does with its database, through today's Node.js driver (7.x), against the URI
// given as the first argument. Prints one JSON object: what each step returned, or the error it got.
const { MongoClient, ObjectId } = require('mongodb');

async function step(results, name, action) {
  try {
    results[name] = await action();
  } catch (error) {
    const original = error.originalError || error;
    results[name] = { error: original.message, code: original.code ?? null };
  }
}

(async () => {
  const client = new MongoClient(process.argv[2], { serverSelectionTimeoutMS: 5000 });
  const results = {};
  try {
    await client.connect();
    const db = client.db(process.argv[3] || 'ml_pipeline');
    const videos = db.collection('videos');
    const jobs = db.collection('processing_jobs');
    const frames = db.collection('frames');
    const videoId = new ObjectId();
    await step(results, 'indexes', async () => [
      await videos.createIndex({ survey_id: 1, status: 1 }),
      await jobs.createIndex({ status: 1, created_at: 1 }),
      await frames.createIndex({ video_id: 1, frame_number: 1 }, { unique: true }),
      await frames.createIndex({ route_id: 1, timestamp: 1 }),
      await frames.createIndex({ location: '2dsphere' }),
    ]);
    await step(results, 'frameIndexes', async () => (await frames.indexes()).map((index) => index.name).sort());
    await step(results, 'insertVideo', async () => (await videos.insertOne({
      _id: videoId, title: 'from node', storage_url: '/uploads/node.mp4', status: 'uploaded', progress: 0,
    })).insertedId.toHexString());
    await step(results, 'insertJob', async () => (await jobs.insertOne({
      video_id: videoId, status: 'queued', progress: 0, created_at: new Date().toISOString(),
    })).acknowledged);
    await step(results, 'insertFrames', async () => (await frames.insertMany([
      { video_id: videoId.toHexString(), frame_number: 0, detections: [] },
      { video_id: videoId.toHexString(), frame_number: 3, detections: [{ class_name: 'pothole' }] },
    ])).insertedCount);
    await step(results, 'duplicateFrame', async () => (await frames.insertOne(
      { video_id: videoId.toHexString(), frame_number: 3 })).acknowledged);
    await step(results, 'findVideo', async () => (await videos.findOne({ _id: videoId })).title);
    await step(results, 'updateVideo', async () => (await videos.updateOne(
      { _id: videoId }, { $set: { status: 'processing' }, $currentDate: { updated_at: true } })).modifiedCount);
    await step(results, 'aggregateFrames', async () => await frames.aggregate([
      { $match: { video_id: videoId.toHexString() } },
      { $group: { _id: '$video_id', frames: { $sum: 1 }, detections: { $sum: { $size: '$detections' } } } },
    ]).toArray());
    await step(results, 'countJobs', async () => await jobs.countDocuments({ video_id: videoId }));
    await step(results, 'sessionFind', async () => {
      const session = client.startSession();
      try {
        return (await videos.findOne({ _id: videoId }, { session })).status;
      } finally {
        await session.endSession();
      }
    });
    await step(results, 'dropMissing', async () => await db.collection('never_created').drop());
    await step(results, 'transaction', async () => {
      const session = client.startSession();
      try {
        return await session.withTransaction(async () => {
          await videos.insertOne({ in_transaction: true }, { session });
        });
      } finally {
        await session.endSession();
      }
    });
    await step(results, 'changeStream', async () => {
      const stream = videos.watch();
      try {
        return await stream.tryNext();
      } finally {
        await stream.close();
      }
    });
    results.videoId = videoId.toHexString();
  } finally {
    await client.close();
  }
  console.log(JSON.stringify(results));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
