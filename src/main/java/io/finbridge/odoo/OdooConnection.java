package io.finbridge.odoo;

/** Where and as whom to call Odoo. {@link #toString()} leaves the API key out. */
record OdooConnection(String url, String database, String login, String apiKey) {

    OdooConnection {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("The Odoo url is not set (finbridge.odoo.url)");
        }
        url = url.strip().replaceAll("/+$", "");
        database = database == null ? "" : database.strip();
        login = login == null ? "" : login.strip();
        apiKey = apiKey == null ? "" : apiKey;
    }

    /** The text with every occurrence of the API key masked: for messages built from what a server sent back. */
    String redact(String text) {
        if (text == null || apiKey.length() < 4) {
            return text;
        }
        return text.replace(apiKey, "****");
    }

    @Override
    public String toString() {
        return "OdooConnection[url=" + url + ", database=" + database + ", login=" + login + "]";
    }
}
