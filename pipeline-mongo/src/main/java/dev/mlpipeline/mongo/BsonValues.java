package dev.mlpipeline.mongo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Values between BSON documents and the plain values of core, in both directions, keeping each
 * value's type: what another program wrote is read as it is, and what ml-pipeline writes has the
 * types that the origin (Python, pymongo) gives the same values.
 */
final class BsonValues {
    private BsonValues() {
    }

    /**
     * A stored document in plain values: ids as hex strings, dates as Instants, decimals as
     * BigDecimals, binary data as base64; numbers keep their width (int32 stays an Integer, int64 a
     * Long); any other BSON type as its text. Nested documents and arrays likewise.
     */
    static Map<String, Object> plain(Map<String, ?> document) {
        Map<String, Object> map = new LinkedHashMap<>();
        document.forEach((name, value) -> map.put(name, plainValue(value)));
        return map;
    }

    private static Object plainValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value instanceof Decimal128 decimal ? decimal.bigDecimalValue() : value;
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Binary binary) {
            return Base64.getEncoder().encodeToString(binary.getData());
        }
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> map = new LinkedHashMap<>();
            nested.forEach((name, inner) -> map.put(String.valueOf(name), plainValue(inner)));
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plainValue(item)));
            return copy;
        }
        return value.toString();
    }

    /**
     * A value to write: integers that fit in 32 bits as int32, as pymongo stores Python's ints (the
     * origin's {@code progress} and counters are int32), larger ones as int64; maps as documents.
     */
    static Object narrow(Object value) {
        if (value instanceof Long number && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((name, inner) -> document.append(String.valueOf(name), narrow(inner)));
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(narrow(item)));
            return copy;
        }
        return value;
    }
}
