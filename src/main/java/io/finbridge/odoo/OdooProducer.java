package io.finbridge.odoo;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/** Turns each exchange into one Odoo call (upsert: the few calls of {@link ExternalIdUpsert}), by operation. */
public class OdooProducer extends DefaultProducer {

    private final OdooEndpoint endpoint;

    public OdooProducer(OdooEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String model = endpoint.getModel();
        OdooClient odoo = endpoint.client();
        Map<String, Object> context = context(in);
        Object result = switch (endpoint.getOperation()) {
            case search -> odoo.executeKw(model, "search", List.of(domain(in)), kwargs(in, context, false, true));
            case searchRead -> odoo.executeKw(model, "search_read", List.of(domain(in)), kwargs(in, context, true, true));
            case searchCount -> odoo.executeKw(model, "search_count", List.of(domain(in)), kwargs(in, context, false, false));
            case read -> odoo.executeKw(model, "read", List.of(requiredIds(in)), kwargs(in, context, true, false));
            case create -> create(odoo, model, in, context);
            case write -> odoo.executeKw(model, "write", List.of(requiredIds(in), vals(in)), kwargs(in, context, false, false));
            case unlink -> odoo.executeKw(model, "unlink", List.of(requiredIds(in)), kwargs(in, context, false, false));
            case call -> call(odoo, model, in, context);
            case upsert -> upsert(odoo, model, in, context);
        };
        in.setBody(result);
    }

    private Object create(OdooClient odoo, String model, Message in, Map<String, Object> context) {
        Object body = in.getBody();
        if (body instanceof Collection<?> batch) {
            for (Object vals : batch) {
                if (!(vals instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("create of a batch needs a List of Maps of field values; one item is "
                            + (vals == null ? "null" : "a " + vals.getClass().getName()));
                }
            }
            return odoo.executeKw(model, "create", List.of(List.copyOf(batch)), kwargs(in, context, false, false));
        }
        Object id = odoo.executeKw(model, "create", List.of(vals(in)), kwargs(in, context, false, false));
        in.setHeader(OdooConstants.RECORD_ID, id);
        return id;
    }

    private Object call(OdooClient odoo, String model, Message in, Map<String, Object> context) {
        List<Object> args = new java.util.ArrayList<>();
        Object ids = in.getHeader(OdooConstants.IDS);
        if (ids != null) {
            args.add(OdooValues.ids(ids, OdooConstants.IDS));
        }
        Object extra = in.getHeader(OdooConstants.ARGS);
        if (extra != null) {
            args.addAll(OdooValues.list(extra, OdooConstants.ARGS));
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Object given = in.getHeader(OdooConstants.KWARGS);
        if (given != null) {
            kwargs.putAll(OdooValues.map(given, OdooConstants.KWARGS));
        }
        if (!context.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>(context);
            if (kwargs.get("context") instanceof Map<?, ?> own) {
                own.forEach((k, v) -> merged.put(String.valueOf(k), v));
            }
            kwargs.put("context", merged);
        }
        return odoo.executeKw(model, endpoint.getMethod(), args, kwargs);
    }

    private Object upsert(OdooClient odoo, String model, Message in, Map<String, Object> context) {
        String externalId = in.getHeader(OdooConstants.EXTERNAL_ID, String.class);
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("upsert on " + model + " needs the header " + OdooConstants.EXTERNAL_ID
                    + " (e.g. shopify_order_1001)");
        }
        String module = endpoint.effectiveExternalIdModule();
        String name = externalId.strip();
        int dot = name.indexOf('.');
        if (dot > 0) {
            module = name.substring(0, dot);
            name = name.substring(dot + 1);
        }
        ExternalIdUpsert.Result r = endpoint.getComponent().externalIds().upsert(odoo, model, module, name, vals(in), context);
        in.setHeader(OdooConstants.RECORD_ID, r.id());
        in.setHeader(OdooConstants.UPSERT_RESULT, r.outcome());
        return r.id();
    }

    private Map<String, Object> context(Message in) {
        Object header = in.getHeader(OdooConstants.CONTEXT);
        if (header == null) {
            return endpoint.baseContext();
        }
        Map<String, Object> merged = new LinkedHashMap<>(endpoint.baseContext());
        merged.putAll(OdooValues.map(header, OdooConstants.CONTEXT));
        return merged;
    }

    private List<Object> domain(Message in) {
        Object header = in.getHeader(OdooConstants.DOMAIN);
        if (header != null) {
            return OdooValues.list(header, OdooConstants.DOMAIN);
        }
        return endpoint.baseDomain() == null ? List.of() : endpoint.baseDomain();
    }

    private Map<String, Object> vals(Message in) {
        Object body = in.getBody();
        if (body instanceof Map<?, ?>) {
            return OdooValues.map(body, "body");
        }
        throw new IllegalArgumentException(endpoint.getOperation() + " on " + endpoint.getModel()
                + " needs a Map of field values in the body; got " + (body == null ? "null" : "a " + body.getClass().getName()));
    }

    private List<Integer> requiredIds(Message in) {
        Object ids = in.getHeader(OdooConstants.IDS);
        if (ids == null) {
            throw new IllegalArgumentException(endpoint.getOperation() + " on " + endpoint.getModel() + " needs the header "
                    + OdooConstants.IDS + " (the record ids)");
        }
        return OdooValues.ids(ids, OdooConstants.IDS);
    }

    /** Keyword arguments in the order Odoo's own clients write them: fields, offset, limit, order, context. */
    private Map<String, Object> kwargs(Message in, Map<String, Object> context, boolean withFields, boolean withPaging) {
        Map<String, Object> kw = new LinkedHashMap<>();
        if (withFields) {
            Object fields = in.getHeader(OdooConstants.FIELDS);
            if (fields != null) {
                kw.put("fields", OdooValues.names(fields, OdooConstants.FIELDS));
            } else if (endpoint.getFields() != null && !endpoint.getFields().isBlank()) {
                kw.put("fields", OdooValues.names(endpoint.getFields(), "fields"));
            }
        }
        if (withPaging) {
            Object offset = in.getHeader(OdooConstants.OFFSET);
            if (offset != null) {
                kw.put("offset", OdooValues.integer(offset, OdooConstants.OFFSET));
            }
            Object limit = in.getHeader(OdooConstants.LIMIT);
            if (limit != null) {
                kw.put("limit", OdooValues.integer(limit, OdooConstants.LIMIT));
            } else if (endpoint.getLimit() != null) {
                kw.put("limit", endpoint.getLimit());
            }
            String order = in.getHeader(OdooConstants.ORDER, String.class);
            if (order != null) {
                kw.put("order", order);
            } else if (endpoint.getOrder() != null && !endpoint.getOrder().isBlank()) {
                kw.put("order", endpoint.getOrder());
            }
        }
        if (!context.isEmpty()) {
            kw.put("context", context);
        }
        return kw;
    }
}
