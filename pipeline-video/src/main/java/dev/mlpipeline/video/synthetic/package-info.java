/**
 * Deterministic synthetic clips, moving shapes on a still background, for the demo and benchmark commands and tests.
 */
package dev.mlpipeline.video.synthetic;
