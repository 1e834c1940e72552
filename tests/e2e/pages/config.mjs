// The municipality config as a test needs it: every request for gemeente.json gets the shipped
// file with `change(config)` applied (e.g. a submission endpoint on the test's own origin).
export async function withConfig(page, change) {
  await page.route('**/config/gemeente.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    change(config);
    await route.fulfill({ response, json: config });
  });
}
