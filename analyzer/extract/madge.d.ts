// The part of madge's API the analyzer uses (madge ships no types).
declare module 'madge' {
  interface MadgeConfig {
    baseDir?: string;
    fileExtensions?: string[];
    tsConfig?: string | object;
    includeNpm?: boolean;
    detectiveOptions?: Record<string, Record<string, unknown>>;
    excludeRegExp?: RegExp[];
  }
  interface MadgeInstance {
    obj(): Record<string, string[]>;
    warnings(): { skipped: string[] };
    circular(): string[][];
  }
  function madge(path: string | string[], config?: MadgeConfig): Promise<MadgeInstance>;
  export default madge;
}
