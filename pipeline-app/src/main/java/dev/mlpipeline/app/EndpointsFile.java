package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.sagemaker.SageMakerEndpoints.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The main backend's endpoints file, {@code SAGEMAKER_ENDPOINTS_FILE}:
 * {@code {"lighting_endpoint_name": "rr-lighting-prod", ..., "region": "ap-south-1", "frame_interval": 3}}.
 * Each {@code <category>_endpoint_name} key is a category; other keys are the backend's own and are
 * left alone.
 */
record EndpointsFile(List<Category> categories, Optional<String> region, OptionalInt frameInterval) {
    private static final String VARIABLE = "SAGEMAKER_ENDPOINTS_FILE";
    private static final String SUFFIX = "_endpoint_name";

    static EndpointsFile read(String path) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(Path.of(path)));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("Invalid " + VARIABLE + " '" + path + "': " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("Invalid " + VARIABLE + " '" + path + "': expected a JSON object");
        }
        List<Category> categories = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith(SUFFIX)) {
                if (!field.getValue().isTextual() || field.getValue().textValue().isBlank()) {
                    throw new ConfigException("Invalid " + VARIABLE + " '" + path + "': \"" + field.getKey()
                            + "\" must be an endpoint name");
                }
                String category = field.getKey().substring(0, field.getKey().length() - SUFFIX.length());
                categories.add(InferenceConfig.category(VARIABLE, category, field.getValue().textValue().strip()));
            }
        }
        if (categories.isEmpty()) {
            throw new ConfigException("Invalid " + VARIABLE + " '" + path + "': no \"<category>" + SUFFIX
                    + "\" key names an endpoint");
        }
        JsonNode region = root.get("region");
        if (region != null && !region.isTextual()) {
            throw new ConfigException("Invalid " + VARIABLE + " '" + path + "': \"region\" must be a string");
        }
        JsonNode interval = root.get("frame_interval");
        if (interval != null && !(interval.canConvertToInt() && interval.isIntegralNumber()
                && interval.intValue() >= 1 && interval.intValue() <= 1000)) {
            throw new ConfigException("Invalid " + VARIABLE + " '" + path
                    + "': \"frame_interval\" must be a whole number from 1 to 1000");
        }
        return new EndpointsFile(categories, region == null ? Optional.empty() : Optional.of(region.textValue()),
                interval == null ? OptionalInt.empty() : OptionalInt.of(interval.intValue()));
    }
}
