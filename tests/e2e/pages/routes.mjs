// Every page of src/route.rs (a questionnaire at its first screen), and an unknown address:
// the routes that specs visit one by one (security, languages).
export const ROUTES = [
  '/',
  '/past-mijn-vraag',
  '/hoe-gaat-het',
  '/vervolg/start',
  '/vervolg',
  '/spoed',
  '/mijn-lijsten',
  '/mappen',
  '/versturen',
  '/register',
  '/uw-antwoorden',
  '/balie',
  '/voorbeeld',
  '/bestaat-niet',
];
