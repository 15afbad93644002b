// Starts Swagger UI on /docs (shared/web/docs.py): a file, not an inline script, so the
// page's Content-Security-Policy can allow scripts from the service only. The document's
// address comes from the page (data-openapi), so a service behind a path prefix works.
window.addEventListener("load", function () {
  var holder = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: holder.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    persistAuthorization: false,
    validatorUrl: null,  // never send the document to an outside validator
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
