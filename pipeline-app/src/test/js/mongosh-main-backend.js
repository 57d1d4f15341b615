// The same work through today's mongosh (2.x): run as `mongosh <uri> --quiet --file mongosh-main-backend.js`.
// Prints one JSON object: what each step returned, or the error it got.
const results = {};
function step(name, action) {
  try {
    results[name] = action();
  } catch (error) {
    results[name] = { error: error.message, code: error.code ?? null };
  }
}
const videoId = new ObjectId();
step('indexes', () => [
  db.videos.createIndex({ survey_id: 1, status: 1 }),
  db.processing_jobs.createIndex({ status: 1, created_at: 1 }),
  db.frames.createIndex({ video_id: 1, frame_number: 1 }, { unique: true }),
]);
step('insertVideo', () => db.videos.insertOne(
  { _id: videoId, title: 'from mongosh', storage_url: '/uploads/shell.mp4', status: 'uploaded' }).insertedId.toHexString());
step('insertJob', () => db.processing_jobs.insertOne(
  { video_id: videoId, status: 'cancelled', progress: NumberInt(7), created_at: new Date().toISOString() }).acknowledged);
step('findVideo', () => db.videos.findOne({ _id: videoId }).title);
step('updateVideo', () => db.videos.updateOne({ _id: videoId }, { $set: { status: 'processing' } }).modifiedCount);
step('aggregateJobs', () => db.processing_jobs.aggregate([
  { $match: { video_id: videoId } }, { $group: { _id: '$status', n: { $sum: 1 } } }]).toArray());
step('countVideos', () => db.videos.countDocuments({ _id: videoId }));
step('dropMissing', () => db.getCollection('never_created').drop());
step('changeStream', () => db.videos.watch().tryNext());
results.videoId = videoId.toHexString();
print(JSON.stringify(results));
