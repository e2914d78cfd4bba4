// The addresses of the Products and services pages (apart from the pages, so that the Contracts page's row actions
// link to them without loading them).
export const productsPath = '/volume-licensing/products';
export const downloadsPath = (licenseIdNumber: string) =>
  `${productsPath}/${encodeURIComponent(licenseIdNumber)}/downloads`;
export const productKeysPath = (licenseIdNumber: string) =>
  `${productsPath}/${encodeURIComponent(licenseIdNumber)}/keys`;
