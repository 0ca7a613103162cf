// Catalog table names, shared by the catalog repositories.
export const PRODUCTS = 'products';
export const CATEGORIES = 'categories';
export const BRANDS = 'brands';
export const PRODUCT_IMAGES = 'product_images';
