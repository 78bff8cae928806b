export default function HomePage() {
  return (
    <main className="page narrow">
      <h1>Ambassador</h1>
      <p>Ambassador commerce: a catalog, referral links and a fast checkout.</p>
      <ul className="plain-list">
        <li>
          Shoppers arrive through an ambassador's link: <code>/c/&lt;code&gt;</code>
        </li>
        <li>
          The API and its documentation: <a href="/api/docs">/api/docs</a>
        </li>
      </ul>
    </main>
  )
}
