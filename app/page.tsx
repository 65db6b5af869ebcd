export default function Home() {
  return <main><h1>Keyport</h1></main>;
}
