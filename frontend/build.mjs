// Build static assets: compile our Sass entry and copy GOV.UK Frontend's JavaScript and
// assets, htmx and our own scripts (frontend/js/*.js, committed sources) into static/.
// Run with `npm run build`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
rmSync("static/govuk", { recursive: true, force: true });
mkdirSync("static/css", { recursive: true });
mkdirSync("static/js", { recursive: true });

execFileSync(
  "node_modules/.bin/sass",
  ["--pkg-importer=node", "--quiet-deps", "--style=compressed", "--no-source-map",
   "frontend/app.scss", "static/css/app.css"],
  { stdio: "inherit" },
);
cpSync(`${govuk}/govuk-frontend.min.js`, "static/govuk/govuk-frontend.min.js");
cpSync(`${govuk}/assets`, "static/govuk/assets", { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", "static/js/htmx.min.js");
for (const name of readdirSync("frontend/js").filter((file) => file.endsWith(".js"))) {
  cpSync(`frontend/js/${name}`, `static/js/${name}`);
}
console.log("Built static/css/app.css and copied GOV.UK Frontend and htmx into static/.");
