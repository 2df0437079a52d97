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
 * Calls one method of an Odoo model per exchange, over JSON-RPC, XML-RPC or JSON-2: odoo:res.partner with
 * operation=searchRead, or odoo:account.move/action_post (the same as operation=call and method=action_post). The
 * options set each call's defaults and the CamelOdoo headers override them per message. The connection options default
 * to the component's and can be set per endpoint, so that one runtime can post to several Odoo databases.
 */
@UriEndpoint(firstVersion = "4.18.0", scheme = "odoo", title = "Odoo", syntax = "odoo:model/method", producerOnly = true,
        remote = true, category = {Category.RPC, Category.SAAS}, headersClass = OdooConstants.class)
public class OdooEndpoint extends DefaultEndpoint {

    @UriPath(description = "The Odoo model, e.g. res.partner, account.move")
    @Metadata(required = true)
    private final String model;
    @UriPath(description = "The method to call (operation call), e.g. action_post")
    private String method;
    @UriParam(label = "producer", defaultValueNote = "call when the path names a method",
            enums = "search,searchRead,searchCount,read,create,write,unlink,call,upsert",
            description = "What to do: search, searchRead, searchCount, read, create, write, unlink, call or upsert")
    private OdooOperation operation;
    @UriParam(label = "producer", description = "Context keys for every call, as a JSON object of key and value (in a URI"
            + " wrapped in RAW); lang, tz, allowedCompanyIds, activeTest and the CamelOdooContext header are merged over it")
    private String context;
    @UriParam(label = "producer", description = "Companies the calls act in, first the current one (context"
            + " allowed_company_ids), e.g. 2 or 2,1")
    private String allowedCompanyIds;
    @UriParam(label = "producer", description = "Language of the answers (context lang), e.g. en_US")
    private String lang;
    @UriParam(label = "producer", description = "Time zone (context tz), e.g. Europe/Berlin")
    private String tz;
    @UriParam(label = "producer", defaultValue = "true", defaultValueNote = "not sent: Odoo leaves archived records out",
            description = "Set false to include archived records (context active_test)")
    private Boolean activeTest;
    @UriParam(label = "producer", defaultValueNote = "all records", description = "Default search domain as JSON, a"
            + " list of conditions in Odoo's notation (in a URI wrapped in RAW); the CamelOdooDomain header overrides it")
    private String domain;
    @UriParam(label = "producer", description = "Default fields to read, comma-separated, e.g. name,email")
    private String fields;
    @UriParam(label = "producer", description = "Default most records to return")
    private Integer limit;
    @UriParam(label = "producer", description = "Default sort order, e.g. id asc")
    private String order;
    @UriParam
    private OdooConfiguration configuration;

    private Map<String, Object> baseContext = Map.of();
    private List<Object> baseDomain;

    OdooEndpoint(String uri, OdooComponent component, String model, String method, OdooConfiguration configuration) {
        super(uri, component);
        this.model = model;
        this.method = method;
        this.configuration = configuration;
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

    /** The component's client for this endpoint's connection: shared by every endpoint with the same one. */
    OdooClient client() {
        return getComponent().clientFor(configuration);
    }

    Map<String, Object> baseContext() {
        return baseContext;
    }

    List<Object> baseDomain() {
        return baseDomain;
    }

    String effectiveExternalIdModule() {
        return configuration.getExternalIdModule();
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

    /** This endpoint's connection and upsert settings: a copy of the component's, with the URI's options over it. */
    public OdooConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(OdooConfiguration configuration) {
        this.configuration = configuration;
    }
}
