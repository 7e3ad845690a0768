/** Minimal typings for dmn-moddle, which ships none. Elements are moddle objects, typed loosely. */
declare module 'dmn-moddle' {
  export interface DmnFromXmlResult {
    rootElement: any;
    elementsById: Record<string, any>;
    references: unknown[];
    warnings: Array<{ message: string; error?: Error; element?: any; property?: string; value?: string }>;
  }

  export class DmnModdle {
    constructor(packages?: Record<string, object>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<DmnFromXmlResult>;
    toXML(element: any, options?: Record<string, unknown>): Promise<{ xml: string }>;
  }
}
