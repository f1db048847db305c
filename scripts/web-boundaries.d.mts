// Types for web-boundaries.mjs, for the test in src/web/web-boundaries.test.ts.
export interface SourceFile {
  path: string;
  source: string;
}
export interface Violation {
  path: string;
  line: number;
  specifier: string;
  rule: string;
}
export declare const RULES: {
  sharedImportsFace: string;
  facesApart: string;
  featureImportsFeature: string;
};
export declare function importsOf(source: string): { specifier: string; line: number }[];
export declare function zoneOf(path: string): { zone: string; feature: string | null } | null;
export declare function ruleBroken(from: string, to: string): string | null;
export declare function violations(files: readonly SourceFile[]): Violation[];
export declare function readWebFiles(root: string): SourceFile[];
