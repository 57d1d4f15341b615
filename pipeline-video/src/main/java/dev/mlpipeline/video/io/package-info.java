/**
 * Reading and writing video with FFmpeg through JavaCV: the decoder ({@link JavaCvFrameSource}), the annotated
 * H.264 writer ({@link JavaCvAnnotatedVideoSink}) with its audio copy and timeline, and frame conversion to OpenCV.
 */
package dev.mlpipeline.video.io;
