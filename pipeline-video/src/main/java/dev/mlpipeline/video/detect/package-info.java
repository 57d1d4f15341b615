/**
 * Detectors that run on this machine with OpenCV (motion, people, faces, licence plates), chosen by name through
 * {@link LocalDetectors}.
 */
package dev.mlpipeline.video.detect;
