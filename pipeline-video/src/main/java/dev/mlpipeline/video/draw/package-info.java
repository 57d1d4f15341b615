/**
 * Drawing detections onto frames: boxes and labels in a fixed colour per class, as the annotated videos show them.
 */
package dev.mlpipeline.video.draw;
