package dev.mlpipeline.core.domain;

/**
 * The road-survey fields of a video document, as the main backend wrote them: {@code surveyId} and
 * {@code routeId} are copied into every frame record as they are (a string and a number, usually;
 * null when absent); {@code gpxFileUrl} is the GPS track beside the video ({@code /uploads/...}), or
 * null when there is none. Immutable.
 *
 * @param surveyId the survey's id, as stored, or null when absent
 * @param routeId the route's id, as stored, or null when absent
 * @param gpxFileUrl the URL of the video's GPS track, or null when there is none
 */
public record Survey(Object surveyId, Object routeId, String gpxFileUrl) {
    /** A video with no survey fields. */
    public static final Survey NONE = new Survey(null, null, null);
}
