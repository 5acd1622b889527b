// Starts Swagger UI (served from this server: no CDN) on the page's #swagger-ui element.
// A file of its own, not an inline script: the Content-Security-Policy allows only
// scripts from this origin.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    tryItOutEnabled: false,
  });
});
