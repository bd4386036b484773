// Starts GraphiQL on the page /graphql serves. A file of its own, not an inline script, so that
// the page's Content-Security-Policy can allow scripts from this origin only.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);
  // The <style> elements GraphiQL's dialogs add (react-remove-scroll-bar) take their nonce from
  // this global; the page's CSP allows styles with that nonce instead of 'unsafe-inline'.
  window.__webpack_nonce__ = config.styleNonce;
  // The endpoint is the page's own address: /graphql answers GET (the page) and POST (queries).
  var url = window.location.origin + window.location.pathname;
  // Subscriptions go over graphql-transport-ws at the same path (GraphiQL bundles graphql-ws);
  // the Headers tab's content is the connection_init payload, so a token there works for both.
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  var subscriptionUrl = scheme + "//" + window.location.host + window.location.pathname;
  var fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: subscriptionUrl });
  var explorer = GraphiQLPluginExplorer.explorerPlugin({ showAttribution: false });

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: config.defaultQuery,
      // The Headers tab is where tokens and API keys go: open it on first sight.
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      // Headers may carry tokens: keep them out of localStorage.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }),
  );
})();
