package io.finbridge.odoo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Calls an Odoo model: {@code odoo:res.partner?operation=searchRead}, {@code odoo:account.move/action_post} (the same
 * as {@code operation=call&method=action_post}). Options set the defaults; the exchange's CamelOdoo* headers
 * ({@link OdooConstants}) override them per message.
 */
@UriEndpoint(firstVersion = "4.18.0", scheme = "odoo", title = "Odoo", syntax = "odoo:model/method", producerOnly = true,
        remote = true, category = {Category.RPC, Category.SAAS}, headersClass = OdooConstants.class)
public class OdooEndpoint extends DefaultEndpoint {

    @UriPath(description = "The Odoo model, e.g. res.partner, account.move")
    @Metadata(required = true)
    private final String model;
    @UriPath(description = "The method to call (operation call), e.g. action_post")
    private String method;
    @UriParam(label = "producer", defaultValue = "call when a method is given",
            enums = "search,searchRead,searchCount,read,create,write,unlink,call,upsert",
            description = "What to do: search, searchRead, searchCount, read, create, write, unlink, call or upsert")
    private OdooOperation operation;
    @UriParam(label = "producer", description = "Context for every call as a JSON object, e.g. {\"lang\": \"fr_FR\"}; the"
            + " options below and the CamelOdooContext header are merged over it")
    private String context;
    @UriParam(label = "producer", description = "Companies the calls act in, first the current one (context"
            + " allowed_company_ids), e.g. 2 or 2,1")
    private String allowedCompanyIds;
    @UriParam(label = "producer", description = "Language of the answers (context lang), e.g. en_US")
    private String lang;
    @UriParam(label = "producer", description = "Time zone (context tz), e.g. Europe/Berlin")
    private String tz;
    @UriParam(label = "producer", description = "false to include archived records (context active_test)")
    private Boolean activeTest;
    @UriParam(label = "producer", description = "Default search domain as JSON, e.g. [[\"is_company\", \"=\", true]]")
    private String domain;
    @UriParam(label = "producer", description = "Default fields to read, comma-separated, e.g. name,email")
    private String fields;
    @UriParam(label = "producer", description = "Default most records to return")
    private Integer limit;
    @UriParam(label = "producer", description = "Default sort order, e.g. id asc")
    private String order;
    @UriParam(label = "producer", description = "The ir.model.data module of upsert's external ids; default the"
            + " component's, finbridge")
    private String externalIdModule;

    private Map<String, Object> baseContext = Map.of();
    private List<Object> baseDomain;

    OdooEndpoint(String uri, OdooComponent component, String model, String method) {
        super(uri, component);
        this.model = model;
        this.method = method;
    }

    /** Checks the options together and parses the JSON ones, so a bad endpoint fails when the route starts. */
    void validate() {
        if (operation == null) {
            if (method == null) {
                throw new IllegalArgumentException("odoo:" + model + " needs an operation (operation=search, searchRead,"
                        + " searchCount, read, create, write, unlink, upsert) or a method (odoo:" + model + "/action_post)");
            }
            operation = OdooOperation.call;
        }
        if (operation == OdooOperation.call && method == null) {
            throw new IllegalArgumentException("odoo:" + model + "?operation=call needs a method: odoo:" + model + "/<method>");
        }
        if (method != null && operation != OdooOperation.call) {
            throw new IllegalArgumentException("odoo:" + model + "/" + method + " calls " + method + "; it cannot also be"
                    + " operation=" + operation);
        }
        baseContext = java.util.Collections.unmodifiableMap(buildContext()); // in order: XML-RPC structs keep it
        baseDomain = domain == null || domain.isBlank() ? null : OdooValues.list(domain, "domain");
    }

    private Map<String, Object> buildContext() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (context != null && !context.isBlank()) {
            c.putAll(OdooValues.map(context, "context"));
        }
        if (lang != null && !lang.isBlank()) {
            c.put("lang", lang.strip());
        }
        if (tz != null && !tz.isBlank()) {
            c.put("tz", tz.strip());
        }
        if (allowedCompanyIds != null && !allowedCompanyIds.isBlank()) {
            c.put("allowed_company_ids", Arrays.stream(allowedCompanyIds.split(",")).map(String::strip)
                    .map(Integer::valueOf).toList());
        }
        if (activeTest != null) {
            c.put("active_test", activeTest);
        }
        return c;
    }

    @Override
    public Producer createProducer() {
        return new OdooProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("odoo: only sends to Odoo; poll with a timer or quartz route and operation=searchRead");
    }

    @Override
    public OdooComponent getComponent() {
        return (OdooComponent) super.getComponent();
    }

    OdooClient client() {
        return getComponent().getClient();
    }

    Map<String, Object> baseContext() {
        return baseContext;
    }

    List<Object> baseDomain() {
        return baseDomain;
    }

    String effectiveExternalIdModule() {
        return externalIdModule != null && !externalIdModule.isBlank() ? externalIdModule
                : getComponent().getConfiguration().getExternalIdModule();
    }

    public String getModel() {
        return model;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public OdooOperation getOperation() {
        return operation;
    }

    public void setOperation(OdooOperation operation) {
        this.operation = operation;
    }

    public String getContext() {
        return context;
    }

    public void setContext(String context) {
        this.context = context;
    }

    public String getAllowedCompanyIds() {
        return allowedCompanyIds;
    }

    public void setAllowedCompanyIds(String allowedCompanyIds) {
        this.allowedCompanyIds = allowedCompanyIds;
    }

    public String getLang() {
        return lang;
    }

    public void setLang(String lang) {
        this.lang = lang;
    }

    public String getTz() {
        return tz;
    }

    public void setTz(String tz) {
        this.tz = tz;
    }

    public Boolean getActiveTest() {
        return activeTest;
    }

    public void setActiveTest(Boolean activeTest) {
        this.activeTest = activeTest;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public String getOrder() {
        return order;
    }

    public void setOrder(String order) {
        this.order = order;
    }

    public String getExternalIdModule() {
        return externalIdModule;
    }

    public void setExternalIdModule(String externalIdModule) {
        this.externalIdModule = externalIdModule;
    }
}
