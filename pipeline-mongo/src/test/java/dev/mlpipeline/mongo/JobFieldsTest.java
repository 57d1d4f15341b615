package dev.mlpipeline.mongo;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobFieldsTest {

    @Test
    void everyFieldNameIsOneThatWireFormatWrites() throws IllegalAccessException {
        Set<String> written = WireFormat.jobToMap(aPendingJob().build()).keySet();
        int checked = 0;
        for (Field field : JobFields.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String name = (String) field.get(null);
                assertTrue(written.contains(name), () -> field.getName() + " = '" + name + "' is not in " + written);
                checked++;
            }
        }
        assertTrue(checked >= 15, "found only " + checked + " names");
    }
}
