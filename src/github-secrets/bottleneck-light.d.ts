// The build of Bottleneck that @octokit/plugin-throttling uses (no Redis); its types are the full build's.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
